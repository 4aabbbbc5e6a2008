package dev.speechmeter.internal.engine;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.LimitStore;
import java.time.InstantSource;

/** The concurrency history of a server on its own, kept in its memory. */
class LocalConcurrencyHistoryTest extends ConcurrencyHistoryContract {

    @Override
    protected LimitStore newStore(InstantSource clock, MeteringConfig config) {
        return new LocalLimitStore(clock, config.limiterCacheSize());
    }
}
