package dev.speechmeter.redis;

import dev.speechmeter.health.HealthReport;

/**
 * The health of the limits' Redis, {@value #NAME}, as the MicroProfile Health readiness check of
 * {@code dev.speechmeter.redis.health} reports it. Redis is asked for an answer each time (within
 * {@code speechmeter.redis.timeout-millis}). Down only when Redis does not answer and
 * {@code speechmeter.redis.on-failure=refuse}, since requests are then refused; under
 * {@code local} the server serves on, counting alone, so an unreachable Redis is shown in the data
 * ({@code reachable: false}) and the check stays up.
 *
 * <pre>{@code
 * HealthReport redis = RedisHealth.of(store);   // {"reachable": true, "on-failure": "local", ...}
 * }</pre>
 */
public final class RedisHealth {

    public static final String NAME = "speechmeter-redis";

    private RedisHealth() {
    }

    public static HealthReport of(RedisLimitStore store) {
        boolean reachable = store.ping();
        RedisSettings settings = store.settings();
        return HealthReport.of(NAME, reachable || settings.onFailure() == FailurePolicy.LOCAL)
                .with("reachable", reachable)
                .with("on-failure", settings.onFailure().propertyValue())
                .with("uri", settings.safeUri())
                .with("fallbacks", store.fallbacks())
                .with("held-leases", store.heldLeases());
    }

    /** Without {@code speechmeter.redis.uri}: limits are this server's own, and nothing can fail. */
    public static HealthReport notConfigured() {
        return HealthReport.up(NAME).with("limits", "this server's memory (speechmeter.redis.uri is not set)");
    }
}
