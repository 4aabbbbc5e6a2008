package dev.speechmeter.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * What a temporary key grants: it acts for its parent key's project, only for
 * one usage type, until it expires.
 *
 * @param keyId             the temporary key's own id (single use is claimed on it)
 * @param parentKeyId       the permanent key that minted it; it dies with that key
 * @param usageType         the only request scope it may be used for, e.g. {@code transcribe_websocket};
 *                          {@value #ANY_USAGE} for any speech endpoint (a Deepgram-style grant);
 *                          {@value #USAGE_READ} for reading usage and limits, and no speech at all
 * @param expiresAt         refused from this instant on (whole seconds)
 * @param singleUse         refused from its second use on
 * @param maxSession        the longest a stream or streaming response may run with it; null for no cap
 * @param clientReferenceId stamped on every usage entry made with it, whatever the request says;
 *                          null: entries made with it have none
 */
public record TemporaryGrant(UUID keyId, UUID parentKeyId, String usageType, Instant expiresAt, boolean singleUse,
                             Duration maxSession, String clientReferenceId) {

    /** The usage type of a grant that works on every speech endpoint. */
    public static final String ANY_USAGE = "*";

    /**
     * The usage type of a read-only grant: Speechmeter's endpoints that read usage and limits (the
     * usage console's key), never a speech endpoint. No request scope can have this name.
     */
    public static final String USAGE_READ = "usage:read";

    public TemporaryGrant {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(parentKeyId, "parentKeyId");
        Objects.requireNonNull(usageType, "usageType");
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.SECONDS);
    }

    /** True when the key may be used on an endpoint of this request scope. */
    public boolean allows(String requestScope) {
        return usageType.equals(ANY_USAGE) || usageType.equals(requestScope);
    }

    /** True when the key reads usage and limits ({@value #USAGE_READ}) instead of using speech. */
    public boolean readsUsage() {
        return usageType.equals(USAGE_READ);
    }
}
