package dev.speechmeter.internal.engine;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.redis.RedisStores;
import dev.speechmeter.spi.LimitStore;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The concurrency history of a fleet, kept in a real Redis, on the fixture's fake clock. Leases
 * last a day: the tests move the clock by hours while slots are held, which real servers would
 * have renewed meanwhile.
 */
class RedisConcurrencyHistoryTest extends ConcurrencyHistoryContract {

    @Override
    protected LimitStore newStore(InstantSource clock, MeteringConfig config) {
        return RedisStores.onClock(clock, config, Duration.ofDays(1));
    }

    @Override
    protected void afterTest(LimitStore store) {
        RedisStores.assertNoFallback(store);
    }
}
