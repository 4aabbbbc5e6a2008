package dev.speechmeter.jpa;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link KeyDirectory} over the {@code sm_api_key}, {@code sm_project} and {@code sm_limit} tables.
 * A key is live until it is revoked.
 *
 * <pre>{@code
 * KeyDirectory directory = new JpaKeyDirectory(transactions);
 * Optional<Caller> caller = directory.findByHash(ApiKeys.hash(presentedSecret));
 * }</pre>
 */
public final class JpaKeyDirectory implements KeyDirectory {

    private final Transactions transactions;

    public JpaKeyDirectory(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public Optional<Caller> findByHash(String keyHash) {
        Objects.requireNonNull(keyHash, "keyHash");
        return transactions.inTransaction(em -> {
            List<Object[]> keys = em.createQuery(
                            "select k.id, k.projectId, p.organizationId from ApiKeyEntity k, ProjectEntity p"
                                    + " where p.id = k.projectId and k.keyHash = :hash and k.revokedAt is null",
                            Object[].class)
                    .setParameter("hash", keyHash)
                    .getResultList();
            if (keys.isEmpty()) {
                return Optional.empty();
            }
            UUID apiKeyId = (UUID) keys.get(0)[0];
            UUID projectId = (UUID) keys.get(0)[1];
            UUID organizationId = (UUID) keys.get(0)[2];
            Map<UUID, Limits> limits = LimitRows.read(em, List.of(organizationId, projectId));
            return Optional.of(new Caller(apiKeyId, projectId, organizationId,
                    limits.get(organizationId), limits.get(projectId)));
        });
    }
}
