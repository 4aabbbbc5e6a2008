package dev.speechmeter.spi;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A key as listings show it: never its secret, only the first characters it starts with.
 *
 * @param prefix    the secret's first characters ({@link ApiKeys#displayPrefix(String)})
 * @param revokedAt   when it was revoked; null while it is live
 * @param permissions what it may do
 */
public record ApiKeyInfo(UUID apiKeyId, UUID projectId, String name, String prefix, Instant createdAt,
                         Instant revokedAt, Set<KeyPermission> permissions) {

    public boolean live() {
        return revokedAt == null;
    }
}
