package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.StoredResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A request that claimed an idempotency key, ended once: a successful ({@code 2xx}) request keeps
 * its response for the key's repeats; any other end (an error status, an exception, a broken
 * connection, a refusal at admission) releases the key, so that the client may try again with it.
 */
public final class IdempotentAttempt {

    private static final System.Logger LOG = System.getLogger(IdempotentAttempt.class.getName());

    private final IdempotencyStore store;
    private final InstantSource clock;
    private final Duration retention;
    private final UUID projectId;
    private final String key;
    private final UUID requestId;
    private final AtomicBoolean ended = new AtomicBoolean();

    IdempotentAttempt(IdempotencyStore store, InstantSource clock, Duration retention, UUID projectId, String key,
                      UUID requestId) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.projectId = projectId;
        this.key = key;
        this.requestId = requestId;
    }

    public UUID requestId() {
        return requestId;
    }

    /**
     * Ends the attempt as the request ended: kept when it succeeded, released otherwise. A store
     * that fails here is logged, never passed on: the response was served and billed already.
     *
     * @param response what to keep, asked only for a request that succeeded
     */
    public void end(int status, boolean failed, Supplier<StoredResponse> response) {
        if (failed || status < 200 || status > 299) {
            release();
            return;
        }
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            store.complete(projectId, key, requestId, response.get(), clock.instant().plus(retention));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The response of request " + requestId + " could not be kept for "
                    + "its idempotency key; a repeat is refused as running until the key's lease passes: " + e);
        }
    }

    /** Releases the key, unless the attempt ended already. */
    public void release() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            store.release(projectId, key, requestId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The idempotency key of request " + requestId + " could not be "
                    + "released; a repeat is refused as running until the key's lease passes: " + e);
        }
    }
}
