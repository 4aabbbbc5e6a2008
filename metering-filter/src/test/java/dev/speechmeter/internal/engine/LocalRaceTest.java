package dev.speechmeter.internal.engine;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.LimitStore;
import java.time.InstantSource;

class LocalRaceTest extends RaceContract {

    @Override
    protected LimitStore newStore(InstantSource clock, MeteringConfig config) {
        return new LocalLimitStore(clock, config.limiterCacheSize());
    }
}
