package dev.speechmeter.spi;

import dev.speechmeter.internal.engine.LocalIdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Where the idempotency keys of a project's submits are kept, with the response each one got, so
 * that a repeat is answered with that response instead of doing the work again. A fleet shares one
 * store (the JPA store keeps keys in the database); without one, keys are kept in this server's
 * memory ({@link #local}).
 *
 * <p>A key is first <em>claimed</em> by the request that brings it; while that request runs, the
 * key is <em>running</em>, and a repeat is told so. The request then either <em>completes</em> the
 * key with its response, kept until {@code expiresAt}, or <em>releases</em> it, so that the client
 * may try again with the same key. A running key older than the lease is taken over by the next
 * request that claims it: a server that died mid-request does not hold a key for ever.
 *
 * <pre>{@code
 * IdempotencyStore store = IdempotencyStore.local(InstantSource.system(), 100_000);
 * IdempotencyClaim claim = store.claim(projectId, "order-42", fingerprint, requestId, now,
 *         Duration.ofMinutes(10), now.plus(Duration.ofHours(24)));
 * }</pre>
 */
public interface IdempotencyStore {

    /**
     * Claims {@code key} of the project for the request {@code requestId}, atomically across every
     * server sharing the store: of two requests claiming the same key at once, exactly one gets
     * {@link IdempotencyClaim.Outcome#CLAIMED}.
     *
     * @param fingerprint what the request is (a hash of its method, path, query and body)
     * @param now         the time of the claim
     * @param lease       how long a running key holds before another request may take it over
     * @param expiresAt   when the key is forgotten if its request never ends it
     * @return what the key holds: claimed now for this request, or the reason it is not
     */
    IdempotencyClaim claim(UUID projectId, String key, byte[] fingerprint, UUID requestId, Instant now,
                           Duration lease, Instant expiresAt);

    /**
     * Keeps the response of the request that claimed {@code key} until {@code expiresAt}. Nothing
     * changes when the key is no longer that request's (its lease passed and another took it over).
     */
    void complete(UUID projectId, String key, UUID requestId, StoredResponse response, Instant expiresAt);

    /** Forgets {@code key} if the request that claimed it still holds it, so that it may be used again. */
    void release(UUID projectId, String key, UUID requestId);

    /** Keys kept in this server's memory only, at most {@code maxKeys} of them. */
    static IdempotencyStore local(InstantSource clock, long maxKeys) {
        return new LocalIdempotencyStore(clock, maxKeys);
    }
}
