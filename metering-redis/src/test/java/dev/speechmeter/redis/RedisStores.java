package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.spi.LimitStore;
import java.time.Duration;
import java.time.InstantSource;

/** Stores on the shared test Redis, for the contract suites. */
public final class RedisStores {

    private RedisStores() {
    }

    /** A store on the shared test Redis whose buckets and leases go by {@code clock}. */
    public static LimitStore onClock(InstantSource clock, MeteringConfig config) {
        return RedisLimitStore.onClock(TestRedis.shared().settings(), clock, TestRedis.RENEWALS,
                new LocalLimitStore(clock, config.limiterCacheSize()));
    }

    /** Likewise, its slots held for {@code lease} after each renewal. */
    public static LimitStore onClock(InstantSource clock, MeteringConfig config, Duration lease) {
        return RedisLimitStore.onClock(TestRedis.shared().settings().withLease(lease), clock, TestRedis.RENEWALS,
                new LocalLimitStore(clock, config.limiterCacheSize()));
    }

    /** Every decision of the test was Redis's: a fallback would make the contract pass for the wrong store. */
    public static void assertNoFallback(LimitStore store) {
        assertThat(((RedisLimitStore) store).fallbacks()).as("decisions taken without Redis").isZero();
    }
}
