package dev.speechmeter.jpa;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A {@link KeyDirectory} over the {@code sm_api_key}, {@code sm_project} and {@code sm_limit} tables.
 * A key is live until it is revoked.
 *
 * <pre>{@code
 * KeyDirectory directory = new JpaKeyDirectory(transactions, dataSource);
 * Optional<Caller> caller = directory.findByHash(ApiKeys.hash(presentedSecret));
 * }</pre>
 */
public final class JpaKeyDirectory implements KeyDirectory {

    private final Transactions transactions;
    private final SharedKeyState shared;

    /**
     * @param dataSource the same database, for what temporary keys need: single use and the
     *                   signing secret
     */
    public JpaKeyDirectory(Transactions transactions, DataSource dataSource) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.shared = new SharedKeyState(dataSource);
    }

    @Override
    public Optional<Caller> findByHash(String keyHash) {
        Objects.requireNonNull(keyHash, "keyHash");
        return find("k.keyHash = :key", keyHash);
    }

    @Override
    public Optional<Caller> findById(UUID apiKeyId) {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        return find("k.id = :key", apiKeyId);
    }

    @Override
    public boolean claimOnce(UUID temporaryKeyId, Instant expiresAt) {
        return shared.claimOnce(temporaryKeyId, expiresAt);
    }

    @Override
    public Optional<byte[]> signingSecret() {
        return Optional.of(shared.signingSecret());
    }

    /** Forgets the recorded uses of single-use keys that expired before {@code now}. */
    public int forgetExpiredUses(Instant now) {
        return shared.forgetExpired(now);
    }

    private Optional<Caller> find(String condition, Object key) {
        return transactions.inTransaction(em -> {
            List<Object[]> keys = em.createQuery(
                            "select k.id, k.projectId, p.organizationId, k.permissions from ApiKeyEntity k, ProjectEntity p"
                                    + " where p.id = k.projectId and " + condition + " and k.revokedAt is null",
                            Object[].class)
                    .setParameter("key", key)
                    .getResultList();
            if (keys.isEmpty()) {
                return Optional.empty();
            }
            UUID apiKeyId = (UUID) keys.get(0)[0];
            UUID projectId = (UUID) keys.get(0)[1];
            UUID organizationId = (UUID) keys.get(0)[2];
            Map<UUID, Limits> limits = LimitRows.read(em, List.of(organizationId, projectId));
            return Optional.of(new Caller(apiKeyId, projectId, organizationId,
                    limits.get(organizationId), limits.get(projectId), KeyPermission.parse((String) keys.get(0)[3])));
        });
    }
}
