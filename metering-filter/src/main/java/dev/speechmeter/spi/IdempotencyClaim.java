package dev.speechmeter.spi;

import java.util.Objects;

/**
 * What {@link IdempotencyStore#claim} found for a key.
 *
 * @param outcome  claimed for the request, or why not
 * @param response the response kept for the key, with {@link Outcome#COMPLETED}; null otherwise
 */
public record IdempotencyClaim(Outcome outcome, StoredResponse response) {

    public IdempotencyClaim {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.COMPLETED) != (response != null)) {
            throw new IllegalArgumentException("A completed key, and only one, has a response: " + outcome);
        }
    }

    public enum Outcome {
        /** The key is the request's now: it goes on to admission. */
        CLAIMED,
        /** The key was used by an earlier request that completed; its response is kept. */
        COMPLETED,
        /** The key was used by an earlier request that is different (another method, path or body). */
        MISMATCH,
        /** The key is held by a request that is still running. */
        RUNNING
    }

    public static final IdempotencyClaim CLAIMED = new IdempotencyClaim(Outcome.CLAIMED, null);
    public static final IdempotencyClaim MISMATCH = new IdempotencyClaim(Outcome.MISMATCH, null);
    public static final IdempotencyClaim RUNNING = new IdempotencyClaim(Outcome.RUNNING, null);

    public static IdempotencyClaim completed(StoredResponse response) {
        return new IdempotencyClaim(Outcome.COMPLETED, response);
    }
}
