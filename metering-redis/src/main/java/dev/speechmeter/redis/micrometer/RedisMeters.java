package dev.speechmeter.redis.micrometer;

import dev.speechmeter.redis.RedisLimitStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meters of a {@link RedisLimitStore} in a Micrometer {@link MeterRegistry}: the round trip
 * of each command Redis answered, whether Redis answers, the decisions this server took alone
 * while it did not, and the leases this server holds and restored.
 *
 * <pre>{@code
 * RedisMeters meters = RedisMeters.register(store, registry);
 * // ... meters.close() when the store closes
 * }</pre>
 */
public final class RedisMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> meters;

    private RedisMeters(MeterRegistry registry, List<Meter> meters) {
        this.registry = registry;
        this.meters = meters;
    }

    /** Registers the meters of {@code store} in {@code registry}, and times its commands from now on. */
    public static RedisMeters register(RedisLimitStore store, MeterRegistry registry) {
        Timer roundTrips = Timer.builder("speechmeter.redis.round.trips")
                .description("Commands Redis answered, from sending each to its answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        store.timeRoundTrips(nanos -> roundTrips.record(nanos, TimeUnit.NANOSECONDS));
        return new RedisMeters(registry, List.of(roundTrips,
                Gauge.builder("speechmeter.redis.reachable", store, watched -> watched.redisReachable() ? 1 : 0)
                        .description("1 while the last command reached Redis, 0 while it cannot be reached")
                        .register(registry),
                FunctionCounter.builder("speechmeter.redis.fallbacks", store, RedisLimitStore::fallbacks)
                        .description("Decisions this server took alone because Redis could not be reached")
                        .register(registry),
                Gauge.builder("speechmeter.redis.leases.held", store, RedisLimitStore::heldLeases)
                        .description("Concurrency slots this server holds in Redis and renews")
                        .register(registry),
                FunctionCounter.builder("speechmeter.redis.leases.restored", store, RedisLimitStore::restoredLeases)
                        .description("Slots of running requests that Redis had lost or never had, added back by "
                                + "this server's renewal")
                        .register(registry)));
    }

    /** As {@link #register}, for a caller that names no Micrometer type: {@code registry} is a {@code MeterRegistry}. */
    public static RedisMeters registerIn(Object registry, RedisLimitStore store) {
        return register(store, (MeterRegistry) registry);
    }

    /** Removes the meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
