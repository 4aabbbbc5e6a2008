package dev.speechmeter.redis;

import dev.speechmeter.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a server reaches the Redis its fleet shares, validated when read.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.of("redis://redis.internal:6379");
 * RedisSettings fromConfig = RedisSettings.fromProperties(System::getProperty);   // null: no Redis configured
 * }</pre>
 *
 * @param uri            a Lettuce Redis URI ({@code redis://host:port}, {@code rediss://} for TLS,
 *                       {@code redis-sentinel://} for Sentinel)
 * @param commandTimeout longest wait for one answer before the failure policy applies
 * @param lease          how long a slot outlives the last renewal of the server holding it
 * @param onFailure      what to do while Redis cannot be reached
 * @param fleetHistory   whether the concurrency history is kept in Redis for the fleet (the
 *                       default), or by each server in its own memory
 */
public record RedisSettings(String uri, Duration commandTimeout, Duration lease, FailurePolicy onFailure,
                            boolean fleetHistory) {

    public static final String PREFIX = "speechmeter.redis.";
    public static final String URI_PROPERTY = PREFIX + "uri";
    public static final String TIMEOUT_PROPERTY = PREFIX + "timeout-millis";
    public static final String LEASE_PROPERTY = PREFIX + "lease-seconds";
    public static final String ON_FAILURE_PROPERTY = PREFIX + "on-failure";
    public static final String HISTORY_PROPERTY = PREFIX + "history";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(onFailure, "onFailure");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw ConfigurationException.invalid(TIMEOUT_PROPERTY, commandTimeout.toString(), "a positive duration");
        }
        if (lease.toMillis() < 100) {
            throw ConfigurationException.invalid(LEASE_PROPERTY, lease.toString(), "at least 100 ms");
        }
    }

    /** Defaults for everything but the URI. */
    public static RedisSettings of(String uri) {
        return new RedisSettings(uri, DEFAULT_TIMEOUT, DEFAULT_LEASE, FailurePolicy.LOCAL, true);
    }

    public RedisSettings withLease(Duration lease) {
        return new RedisSettings(uri, commandTimeout, lease, onFailure, fleetHistory);
    }

    public RedisSettings withTimeout(Duration timeout) {
        return new RedisSettings(uri, timeout, lease, onFailure, fleetHistory);
    }

    public RedisSettings withFailurePolicy(FailurePolicy policy) {
        return new RedisSettings(uri, commandTimeout, lease, policy, fleetHistory);
    }

    /** With the concurrency history kept in Redis for the fleet ({@code true}) or by each server ({@code false}). */
    public RedisSettings withFleetHistory(boolean fleet) {
        return new RedisSettings(uri, commandTimeout, lease, onFailure, fleet);
    }

    /**
     * Reads {@code speechmeter.redis.*}; null when no URI is set, which keeps limits in each
     * server's memory.
     *
     * @throws ConfigurationException naming the first bad property and its value
     */
    public static RedisSettings fromProperties(Function<String, String> lookup) {
        String uri = lookup.apply(URI_PROPERTY);
        if (uri == null || uri.isBlank()) {
            return null;
        }
        try {
            String scheme = URI.create(uri.trim()).getScheme();
            if (scheme == null || !scheme.startsWith("redis")) {
                throw ConfigurationException.invalid(URI_PROPERTY, uri, "a URI such as redis://host:6379");
            }
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(URI_PROPERTY, uri, "a URI such as redis://host:6379");
        }
        String policy = lookup.apply(ON_FAILURE_PROPERTY);
        return new RedisSettings(uri.trim(),
                Duration.ofMillis(positive(lookup, TIMEOUT_PROPERTY, DEFAULT_TIMEOUT.toMillis())),
                Duration.ofSeconds(positive(lookup, LEASE_PROPERTY, DEFAULT_LEASE.toSeconds())),
                policy == null ? FailurePolicy.LOCAL : FailurePolicy.parse(ON_FAILURE_PROPERTY, policy),
                fleetHistory(lookup.apply(HISTORY_PROPERTY)));
    }

    /** {@code fleet} (the default) or {@code server}. */
    private static boolean fleetHistory(String value) {
        if (value == null || value.trim().equalsIgnoreCase("fleet")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("server")) {
            return false;
        }
        throw ConfigurationException.invalid(HISTORY_PROPERTY, value, "fleet or server");
    }

    private static long positive(Function<String, String> lookup, String property, long fallback) {
        String value = lookup.apply(property);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, naming the property
        }
        throw ConfigurationException.invalid(property, value, "a whole number > 0");
    }

    /** The URI with any password left out, for logs. */
    String safeUri() {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    /** The settings with the URI's password left out: a record would print it whole. */
    @Override
    public String toString() {
        return "RedisSettings[uri=" + safeUri() + ", commandTimeout=" + commandTimeout + ", lease=" + lease
                + ", onFailure=" + onFailure + ", fleetHistory=" + fleetHistory + "]";
    }
}
