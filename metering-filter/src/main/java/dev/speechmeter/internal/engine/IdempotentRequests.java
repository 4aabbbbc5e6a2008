package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.IdempotencyClaim;
import dev.speechmeter.spi.IdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;

/**
 * The decisions about a submit that carries an idempotency key, taken after its key is known to be
 * good and before it is admitted: a new key is claimed and the request goes on; a key whose
 * request completed is answered with that response; a key used for a different request, or held by
 * a request still running, is refused. Keys are kept for the retention after their request ends;
 * a running key holds for the lease, after which another request may take it over.
 */
public final class IdempotentRequests {

    /** The longest key: 255 characters. */
    public static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final InstantSource clock;
    private final Duration retention;
    private final Duration lease;

    public IdempotentRequests(IdempotencyStore store, InstantSource clock, Duration retention, Duration lease) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /**
     * What is wrong with a key as sent, or null when it is good: 1 to {@value #MAX_KEY_LENGTH}
     * printable ASCII characters (space to {@code ~}).
     */
    public static String problemWith(String key) {
        if (key.isEmpty()) {
            return "Idempotency-Key must not be empty.";
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return "Idempotency-Key must have at most " + MAX_KEY_LENGTH + " characters.";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return "Idempotency-Key must hold printable ASCII characters only.";
            }
        }
        return null;
    }

    /**
     * A digest that has read what a request is apart from its body: its method, path and query.
     * Feed it the body, and its digest is the request's fingerprint.
     */
    public static MessageDigest fingerprintOf(String method, String path, String query) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        String head = method + '\n' + path + '\n' + (query == null ? "" : query) + '\n';
        digest.update(head.getBytes(StandardCharsets.UTF_8));
        return digest;
    }

    /** How long a key is kept after its request. */
    public Duration retention() {
        return retention;
    }

    /**
     * Decides on a submit with {@code key} from the project.
     *
     * @param fingerprint the request's fingerprint ({@link #fingerprintOf})
     * @return the decision; with {@link IdempotencyClaim.Outcome#CLAIMED}, the attempt that the
     *         request ends when it settles
     * @throws RuntimeException when the store cannot be reached
     */
    public Decision begin(UUID projectId, String key, byte[] fingerprint, UUID requestId) {
        Instant now = clock.instant();
        IdempotencyClaim claim = store.claim(projectId, key, fingerprint, requestId, now, lease, now.plus(retention));
        return new Decision(claim, claim.outcome() == IdempotencyClaim.Outcome.CLAIMED
                ? new IdempotentAttempt(store, clock, retention, projectId, key, requestId) : null);
    }

    /**
     * @param claim   what the store found
     * @param attempt the claimed key's attempt, to complete or release; null unless claimed
     */
    public record Decision(IdempotencyClaim claim, IdempotentAttempt attempt) {
    }
}
