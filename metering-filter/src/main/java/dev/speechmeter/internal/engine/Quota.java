package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;

/**
 * One quota policy and where the caller stands in it, for the {@code RateLimit-Policy} and
 * {@code RateLimit} response headers.
 *
 * @param policy        the policy's name: {@code organization}, {@code project},
 *                      {@code organization-transcribe}, ...
 * @param quota         the cap
 * @param windowSeconds the window of a request rate; null for a concurrency pool
 * @param unit          {@code requests} or {@code concurrent-requests}
 * @param remaining     what is left now
 * @param resetSeconds  seconds until the quota is whole again; null when it cannot be known
 */
public record Quota(String policy, long quota, Integer windowSeconds, String unit, long remaining, Long resetSeconds) {

    public static final String REQUESTS = "requests";
    public static final String CONCURRENT_REQUESTS = "concurrent-requests";

    /** The name of a level's request-rate policy: {@code organization}, {@code project}. */
    public static String ratePolicy(Level level) {
        return level.wireName();
    }

    /** The name of a level's pool policy: {@code project-transcribe}. */
    public static String poolPolicy(Level level, String pool) {
        return level.wireName() + "-" + pool;
    }
}
