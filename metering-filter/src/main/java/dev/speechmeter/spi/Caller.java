package dev.speechmeter.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is calling: the key's public id, its project and organization, and the limits set for
 * both levels. A {@link KeyDirectory} makes it from a presented key.
 *
 * @param apiKeyId          the key's public id, safe to log
 * @param projectId         the project that owns the key
 * @param organizationId    the organization that owns the project
 * @param organizationLimits limits set on the organization
 * @param projectLimits     limits set on the project
 */
public record Caller(UUID apiKeyId, UUID projectId, UUID organizationId,
                     Limits organizationLimits, Limits projectLimits) {

    public Caller {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(organizationLimits, "organizationLimits");
        Objects.requireNonNull(projectLimits, "projectLimits");
    }
}
