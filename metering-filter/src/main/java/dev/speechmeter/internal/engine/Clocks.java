package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import java.time.Instant;
import java.time.InstantSource;

/** One injected clock, seen as Bucket4j and Caffeine want to see it. */
public final class Clocks {

    private Clocks() {
    }

    static long nanos(InstantSource clock) {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    static TimeMeter timeMeter(InstantSource clock) {
        if (clock.equals(InstantSource.system())) {
            return TimeMeter.SYSTEM_MILLISECONDS;
        }
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanos(clock);
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** {@code clock} as a Caffeine ticker: the system's own for the system clock. */
    public static Ticker ticker(InstantSource clock) {
        if (clock.equals(InstantSource.system())) {
            return Ticker.systemTicker();
        }
        return () -> nanos(clock);
    }
}
