package dev.speechmeter.internal.engine;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.redis.RedisStores;
import dev.speechmeter.spi.LimitStore;
import java.time.InstantSource;

/** The race contract on a real Redis, on the fixture's fake clock. */
class RedisRaceTest extends RaceContract {

    @Override
    protected LimitStore newStore(InstantSource clock, MeteringConfig config) {
        return RedisStores.onClock(clock, config);
    }

    @Override
    protected void afterTest(LimitStore store) {
        RedisStores.assertNoFallback(store);
    }
}
