package dev.speechmeter.redis;

import dev.speechmeter.ConfigurationException;
import java.util.Locale;

/**
 * What a server does while Redis cannot be reached.
 *
 * <pre>{@code
 * speechmeter.redis.on-failure=local    # count on this server alone until Redis is back (default)
 * speechmeter.redis.on-failure=refuse   # answer 503 until Redis is back
 * }</pre>
 */
public enum FailurePolicy {
    /** Each server enforces the limits on its own, in memory; logged, and counted in {@link RedisLimitStore#fallbacks()}. */
    LOCAL,
    /** Requests are refused with {@code 503} and {@code Retry-After: 1}. */
    REFUSE;

    /** As written in {@code speechmeter.redis.on-failure}: {@code local} or {@code refuse}. */
    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FailurePolicy parse(String property, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(property, value, "local or refuse");
        }
    }
}
