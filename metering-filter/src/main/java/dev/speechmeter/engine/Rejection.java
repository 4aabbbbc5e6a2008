package dev.speechmeter.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Why a request was refused, and when a retry would succeed if nothing else consumes in between.
 *
 * @param limit      which kind of limit refused
 * @param level      the level that refused
 * @param pool       the concurrency pool, for {@link Limit#CONCURRENCY}; else null
 * @param retryAfter never less than one second
 */
public record Rejection(Limit limit, Level level, String pool, Duration retryAfter) {

    /** The kinds of limit, in the order admission checks them. */
    public enum Limit { REQUEST_RATE, CONCURRENCY }

    public Rejection {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Whole seconds for the Retry-After header: the wait rounded up, at least 1. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** The name of the refusing policy, as the {@code RateLimit-Policy} header names it. */
    public String policy() {
        return pool == null ? Quota.ratePolicy(level) : Quota.poolPolicy(level, pool);
    }

    /** The SPEC's sentence, e.g. "Requests per minute limit has been exceeded for your project." */
    public String message() {
        String what = switch (limit) {
            case REQUEST_RATE -> "Requests per minute";
            case CONCURRENCY -> "Concurrent " + poolDisplayName(pool);
        };
        return what + " limit has been exceeded for your " + level.wireName() + ".";
    }

    private static String poolDisplayName(String pool) {
        return switch (pool) {
            case "transcribe" -> "transcription";
            case "tts" -> "TTS";
            default -> pool;
        };
    }
}
