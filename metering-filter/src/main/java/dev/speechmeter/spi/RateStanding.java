package dev.speechmeter.spi;

/**
 * Where one level's request-rate bucket stands.
 *
 * <pre>{@code
 * RateStanding standing = store.rateStanding(Level.PROJECT, new RateLimit(projectId, 100));
 * long secondsToFull = (standing.nanosUntilFull() + 999_999_999L) / 1_000_000_000L;
 * }</pre>
 *
 * @param available      tokens left now
 * @param nanosUntilFull nanoseconds until the bucket is full again
 */
public record RateStanding(long available, long nanosUntilFull) {
}
