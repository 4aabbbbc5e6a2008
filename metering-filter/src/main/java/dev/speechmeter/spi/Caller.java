package dev.speechmeter.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the key's public id, its project and organization, and the limits set for
 * both levels. A {@link KeyDirectory} makes it from a presented key.
 *
 * @param apiKeyId          the key's public id, safe to log; for a temporary key, its parent's
 * @param projectId         the project that owns the key
 * @param organizationId    the organization that owns the project
 * @param organizationLimits limits set on the organization
 * @param projectLimits     limits set on the project
 * @param permissions       what the key may do
 * @param temporary         what the temporary key the caller presented grants; null for a permanent key
 */
public record Caller(UUID apiKeyId, UUID projectId, UUID organizationId,
                     Limits organizationLimits, Limits projectLimits, Set<KeyPermission> permissions,
                     TemporaryGrant temporary) {

    public Caller {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(organizationLimits, "organizationLimits");
        Objects.requireNonNull(projectLimits, "projectLimits");
        permissions = permissions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }

    /** A caller with a permanent key that may do everything. */
    public Caller(UUID apiKeyId, UUID projectId, UUID organizationId, Limits organizationLimits, Limits projectLimits) {
        this(apiKeyId, projectId, organizationId, organizationLimits, projectLimits, KeyPermission.ALL, null);
    }

    /** A caller with a permanent key that may do what {@code permissions} say. */
    public Caller(UUID apiKeyId, UUID projectId, UUID organizationId, Limits organizationLimits, Limits projectLimits,
                  Set<KeyPermission> permissions) {
        this(apiKeyId, projectId, organizationId, organizationLimits, projectLimits, permissions, null);
    }

    /**
     * This caller acting through a temporary key its key minted: speech within the grant, or
     * reading usage for a {@link TemporaryGrant#USAGE_READ} grant, and only what the minting key
     * may still do itself.
     */
    public Caller through(TemporaryGrant grant) {
        KeyPermission granted = grant.readsUsage() ? KeyPermission.USAGE_READ : KeyPermission.SPEECH;
        return new Caller(apiKeyId, projectId, organizationId, organizationLimits, projectLimits,
                may(granted) ? Set.of(granted) : Set.of(), grant);
    }

    public boolean may(KeyPermission permission) {
        return permissions.contains(permission);
    }

    public boolean isTemporary() {
        return temporary != null;
    }
}
