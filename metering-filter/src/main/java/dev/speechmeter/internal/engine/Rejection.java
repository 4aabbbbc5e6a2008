package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.LabelSet;
import java.time.Duration;
import java.util.Objects;

/**
 * Why a request was refused, and when a retry would succeed if nothing else consumes in between.
 *
 * @param limit      which kind of limit refused
 * @param level      the level that refused
 * @param pool       the concurrency pool, for {@link Limit#CONCURRENCY}; else null
 * @param retryAfter never less than one second
 * @param labels     the labels of the capacity without room left, as it was set (one, two or all three), for
 *                   {@link Limit#CAPACITY}; else null
 * @param period     the period of that capacity, for {@link Limit#CAPACITY}; else null
 */
public record Rejection(Limit limit, Level level, String pool, Duration retryAfter, LabelSet labels,
                        BillingPeriod period) {

    /** The kinds of limit, in the order admission checks them. */
    public enum Limit { REQUEST_RATE, CONCURRENCY, CAPACITY }

    public Rejection {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if ((limit == Limit.CAPACITY) != (labels != null && period != null)) {
            throw new IllegalArgumentException("labels and period belong to a capacity refusal, and to it only");
        }
    }

    /** A refusal by request rate or by a concurrency pool. */
    public Rejection(Limit limit, Level level, String pool, Duration retryAfter) {
        this(limit, level, pool, retryAfter, null, null);
    }

    /** A refusal because a capacity of {@code labels} has nothing left in its current period. */
    static Rejection capacity(Level level, LabelSet labels, BillingPeriod period, Duration retryAfter) {
        return new Rejection(Limit.CAPACITY, level, null, retryAfter, labels, period);
    }

    /** Whole seconds for the Retry-After header: the wait rounded up, at least 1. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** The name of the refusing policy, as the {@code RateLimit-Policy} header names it. */
    public String policy() {
        return switch (limit) {
            case REQUEST_RATE -> Quota.ratePolicy(level);
            case CONCURRENCY -> Quota.poolPolicy(level, pool);
            case CAPACITY -> level.wireName() + "-capacity-" + period.wireName();
        };
    }

    /**
     * The sentence of the API, e.g. "Requests per minute limit has been exceeded for your project.",
     * or for a capacity "Usage limit exceeded for your project: no processed audio left for
     * technology=speech_to_text, vendor=sample, operation=transcribe in this day."
     */
    public String message() {
        return switch (limit) {
            case REQUEST_RATE -> "Requests per minute limit has been exceeded for your " + level.wireName() + ".";
            case CONCURRENCY -> "Concurrent " + poolDisplayName(pool) + " limit has been exceeded for your "
                    + level.wireName() + ".";
            case CAPACITY -> "Usage limit exceeded for your " + level.wireName() + ": no processed audio left for "
                    + labels + " in this " + period.wireName() + ".";
        };
    }

    private static String poolDisplayName(String pool) {
        return switch (pool) {
            case "transcribe" -> "transcription";
            case "tts" -> "TTS";
            default -> pool;
        };
    }
}
