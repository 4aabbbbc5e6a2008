package dev.speechmeter.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creating and changing organizations, projects and keys: the Java side of the admin surface.
 *
 * <pre>{@code
 * UUID org = admin.createOrganization("Acme", Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(500)));
 * UUID project = admin.createProject(org, "mobile app", Limits.none());
 * CreatedKey key = admin.createKey(project, "backend");   // key.secret() is shown once
 * }</pre>
 */
public interface TenantAdmin {

    /** @throws NameTakenException when an organization has the name already */
    UUID createOrganization(String name, Limits limits);

    /** @throws NameTakenException when the organization has a project of the name already */
    UUID createProject(UUID organizationId, String name, Limits limits);

    /** Makes a key with a fresh random secret. */
    CreatedKey createKey(UUID projectId, String name);

    /** Makes a key with a fresh random secret that may do only what {@code permissions} say (at least one). */
    CreatedKey createKey(UUID projectId, String name, Set<KeyPermission> permissions);

    /** Makes a key with a secret the deployer chose (at least {@value ApiKeys#MIN_LENGTH} printable characters). */
    CreatedKey createKey(UUID projectId, String name, String secret);

    /** Replaces the limits of an organization or a project (whichever has that id). */
    void setLimits(UUID organizationOrProjectId, Limits limits);

    /** Revokes a key; it is refused from the next look-up on. */
    void revokeKey(UUID apiKeyId);

    /** The keys of a project, revoked ones included, oldest first. */
    List<ApiKeyInfo> listKeys(UUID projectId);

    /** The project a key belongs to, revoked or not; empty when no key has that id. */
    Optional<UUID> projectOfKey(UUID apiKeyId);

    Optional<UUID> findOrganizationByName(String name);

    boolean organizationExists(UUID organizationId);

    boolean projectExists(UUID projectId);

    Optional<UUID> findProjectByName(UUID organizationId, String name);
}
