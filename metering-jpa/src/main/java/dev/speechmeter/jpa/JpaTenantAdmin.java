package dev.speechmeter.jpa;

import dev.speechmeter.internal.engine.TimeOrderedIds;
import dev.speechmeter.spi.ApiKeyInfo;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.NameTakenException;
import dev.speechmeter.spi.TenantAdmin;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link TenantAdmin} over the JPA tables. Organization names are unique, and so are project
 * names within an organization. Only {@link ApiKeys#hash(String)} of a secret and its
 * {@link ApiKeys#displayPrefix(String)} are stored. Unknown ids and bad arguments raise
 * {@link IllegalArgumentException}, whose message never holds a secret.
 *
 * <pre>{@code
 * TenantAdmin admin = new JpaTenantAdmin(transactions, InstantSource.system());
 * UUID org = admin.createOrganization("Acme", Limits.none());
 * UUID project = admin.createProject(org, "mobile app", Limits.none());
 * CreatedKey key = admin.createKey(project, "backend");
 * }</pre>
 */
public final class JpaTenantAdmin implements TenantAdmin {

    static final int MAX_NAME_LENGTH = 200;

    private final Transactions transactions;
    private final InstantSource clock;
    private final TimeOrderedIds ids;

    public JpaTenantAdmin(Transactions transactions, InstantSource clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new TimeOrderedIds(clock);
    }

    @Override
    public UUID createOrganization(String name, Limits limits) {
        requireName(name, "organization");
        Objects.requireNonNull(limits, "limits");
        String taken = "An organization named '" + name + "' already exists";
        return unlessTaken(cause -> new NameTakenException(taken, cause),
                () -> transactions.inTransaction(em -> {
            if (organizationNamed(em, name).isPresent()) {
                throw new NameTakenException(taken);
            }
            UUID id = newId();
            em.persist(new OrganizationEntity(id, name, clock.instant()));
            LimitRows.replace(em, id, limits);
            return id;
        }));
    }

    /**
     * Runs {@code creation}; a unique violation it meets (another transaction took the name or the
     * secret between the check and the insert) is the same exception the check throws, made by
     * {@code taken}.
     */
    private static <T> T unlessTaken(Function<Throwable, RuntimeException> taken, Supplier<T> creation) {
        try {
            return creation.get();
        } catch (PersistenceException e) {
            if (SqlDialect.isUniqueViolation(e)) {
                throw taken.apply(e);
            }
            throw e;
        }
    }

    @Override
    public UUID createProject(UUID organizationId, String name, Limits limits) {
        Objects.requireNonNull(organizationId, "organizationId");
        requireName(name, "project");
        Objects.requireNonNull(limits, "limits");
        String taken = "The organization already has a project named '" + name + "'";
        return unlessTaken(cause -> new NameTakenException(taken, cause),
                () -> transactions.inTransaction(em -> {
            if (em.find(OrganizationEntity.class, organizationId) == null) {
                throw new IllegalArgumentException("No organization has the id " + organizationId);
            }
            if (projectNamed(em, organizationId, name).isPresent()) {
                throw new NameTakenException(taken);
            }
            UUID id = newId();
            em.persist(new ProjectEntity(id, organizationId, name, clock.instant()));
            LimitRows.replace(em, id, limits);
            return id;
        }));
    }

    @Override
    public CreatedKey createKey(UUID projectId, String name) {
        return createKey(projectId, name, ApiKeys.newSecret());
    }

    @Override
    public CreatedKey createKey(UUID projectId, String name, String secret) {
        return createKey(projectId, name, secret, KeyPermission.ALL);
    }

    @Override
    public CreatedKey createKey(UUID projectId, String name, Set<KeyPermission> permissions) {
        return createKey(projectId, name, ApiKeys.newSecret(), permissions);
    }

    private CreatedKey createKey(UUID projectId, String name, String secret, Set<KeyPermission> permissions) {
        Objects.requireNonNull(projectId, "projectId");
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("A key needs at least one permission");
        }
        requireName(name, "key");
        if (!ApiKeys.isWellFormed(secret) || secret.length() < ApiKeys.MIN_LENGTH) {
            throw new IllegalArgumentException("A key secret must be " + ApiKeys.MIN_LENGTH + " to "
                    + ApiKeys.MAX_LENGTH + " printable ASCII characters without spaces");
        }
        String hash = ApiKeys.hash(secret);
        String secretTaken = "Another key already has this secret";
        UUID id = unlessTaken(cause -> new IllegalArgumentException(secretTaken, cause),
                () -> transactions.inTransaction(em -> {
            if (em.find(ProjectEntity.class, projectId) == null) {
                throw new IllegalArgumentException("No project has the id " + projectId);
            }
            boolean taken = !em.createQuery("select k.id from ApiKeyEntity k where k.keyHash = :hash", UUID.class)
                    .setParameter("hash", hash)
                    .getResultList()
                    .isEmpty();
            if (taken) {
                throw new IllegalArgumentException(secretTaken);
            }
            UUID keyId = newId();
            em.persist(new ApiKeyEntity(keyId, projectId, name, hash, ApiKeys.displayPrefix(secret), clock.instant(),
                    permissions));
            return keyId;
        }));
        return new CreatedKey(id, secret);
    }

    @Override
    public void setLimits(UUID organizationOrProjectId, Limits limits) {
        Objects.requireNonNull(organizationOrProjectId, "organizationOrProjectId");
        Objects.requireNonNull(limits, "limits");
        transactions.inTransaction(em -> {
            // The owner's row locked first: two replacements of the same limits run one after the
            // other instead of both deleting, then both inserting the same rows.
            if (em.find(OrganizationEntity.class, organizationOrProjectId, LockModeType.PESSIMISTIC_WRITE) == null
                    && em.find(ProjectEntity.class, organizationOrProjectId, LockModeType.PESSIMISTIC_WRITE) == null) {
                throw new IllegalArgumentException("No organization or project has the id " + organizationOrProjectId);
            }
            LimitRows.replace(em, organizationOrProjectId, limits);
            return null;
        });
    }

    @Override
    public void revokeKey(UUID apiKeyId) {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        transactions.inTransaction(em -> {
            ApiKeyEntity key = em.find(ApiKeyEntity.class, apiKeyId);
            if (key == null) {
                throw new IllegalArgumentException("No API key has the id " + apiKeyId);
            }
            key.revoke(clock.instant());
            return null;
        });
    }

    @Override
    public List<ApiKeyInfo> listKeys(UUID projectId) {
        Objects.requireNonNull(projectId, "projectId");
        return transactions.inTransaction(em -> em.createQuery(
                        "select k from ApiKeyEntity k where k.projectId = :project order by k.createdAt, k.id",
                        ApiKeyEntity.class)
                .setParameter("project", projectId)
                .getResultList()
                .stream()
                .map(ApiKeyEntity::info)
                .toList());
    }

    @Override
    public Optional<UUID> projectOfKey(UUID apiKeyId) {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        return transactions.inTransaction(em -> Optional.ofNullable(em.find(ApiKeyEntity.class, apiKeyId))
                .map(ApiKeyEntity::projectId));
    }

    @Override
    public boolean organizationExists(UUID organizationId) {
        Objects.requireNonNull(organizationId, "organizationId");
        return transactions.inTransaction(em -> em.find(OrganizationEntity.class, organizationId) != null);
    }

    @Override
    public boolean projectExists(UUID projectId) {
        Objects.requireNonNull(projectId, "projectId");
        return transactions.inTransaction(em -> em.find(ProjectEntity.class, projectId) != null);
    }

    @Override
    public Optional<UUID> findOrganizationByName(String name) {
        Objects.requireNonNull(name, "name");
        return transactions.inTransaction(em -> organizationNamed(em, name));
    }

    @Override
    public Optional<UUID> findProjectByName(UUID organizationId, String name) {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(name, "name");
        return transactions.inTransaction(em -> projectNamed(em, organizationId, name));
    }

    private UUID newId() {
        return ids.next();
    }

    private static Optional<UUID> organizationNamed(EntityManager em, String name) {
        return em.createQuery("select o.id from OrganizationEntity o where o.name = :name", UUID.class)
                .setParameter("name", name)
                .getResultList()
                .stream()
                .findFirst();
    }

    private static Optional<UUID> projectNamed(EntityManager em, UUID organizationId, String name) {
        return em.createQuery("select p.id from ProjectEntity p"
                        + " where p.organizationId = :organization and p.name = :name", UUID.class)
                .setParameter("organization", organizationId)
                .setParameter("name", name)
                .getResultList()
                .stream()
                .findFirst();
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A " + what + " name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }
}
