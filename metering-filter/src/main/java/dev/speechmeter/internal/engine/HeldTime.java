package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import java.time.InstantSource;

/**
 * One clock, seen by Bucket4j buckets and by the Caffeine cache that holds them, that a decision
 * reads once: between {@link #hold} and {@link #release}, every look at the time on that thread
 * returns the reading {@code hold} took, so that a request-rate decision at two levels costs one
 * clock read instead of one for each bucket and each cache lookup. Outside a hold it reads the
 * clock.
 *
 * <p>A held reading may be a little older than another thread's: Bucket4j refills nothing for a
 * time at or before a bucket's last refill, as it does for a thread that read the clock and was
 * then descheduled, and the cache's expiry is a minute long.
 *
 * <pre>{@code
 * long[] held = time.hold();
 * try {
 *     organizationBucket.tryConsumeAndReturnRemaining(1);
 *     projectBucket.tryConsumeAndReturnRemaining(1);
 * } finally {
 *     HeldTime.release(held);
 * }
 * }</pre>
 */
final class HeldTime implements TimeMeter, Ticker {

    private static final long NONE = Long.MIN_VALUE;

    /** The clock as Bucket4j reads it: the system clock at millisecond precision, another in full. */
    private final TimeMeter clock;
    /** The reading held by each thread, {@link #NONE} when it holds none. */
    private final ThreadLocal<long[]> held = ThreadLocal.withInitial(() -> new long[] {NONE});

    HeldTime(InstantSource clock) {
        this.clock = Clocks.timeMeter(clock);
    }

    /** Reads the clock and holds the reading on this thread; give the result to {@link #release}. */
    long[] hold() {
        long[] slot = held.get();
        slot[0] = clock.currentTimeNanos();
        return slot;
    }

    /** Ends the hold that {@link #hold} returned. */
    static void release(long[] slot) {
        slot[0] = NONE;
    }

    @Override
    public long currentTimeNanos() {
        long reading = held.get()[0];
        return reading != NONE ? reading : clock.currentTimeNanos();
    }

    @Override
    public long read() {
        return currentTimeNanos();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
