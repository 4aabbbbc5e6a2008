package dev.speechmeter.internal.engine;

import java.math.BigInteger;

/**
 * A bucket of {@code capacity} tokens that refills greedily at {@code capacity} a minute, kept as
 * one instant: when it is full again. The same bucket as Bucket4j's {@code refillGreedy} (and as
 * the Redis store's), in 32 bytes where a Bucket4j bucket takes about 400: a server keeps one per
 * organization and one per project active within the minute.
 *
 * <p>A token is worth {@code 60 s / capacity}, which need not be a whole number of nanoseconds:
 * the instant is kept as whole nanoseconds plus {@code fraction / capacity} of one, so no
 * rounding adds up. Every method takes the time it decides at, in nanoseconds.
 */
final class GreedyBucket {

    static final long PERIOD_NANOS = 60_000_000_000L;

    private final int capacity;
    /** Full again at {@code fullAt + fraction / capacity} nanoseconds; at or before now, it is full. */
    private int fraction;
    private long fullAt = Long.MIN_VALUE;

    GreedyBucket(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Takes one token; on refusal returns the nanoseconds until one is back, else -1. */
    synchronized long tryTake(long now) {
        boolean owing = fullAt > now;
        long after = (owing ? fullAt : now) + PERIOD_NANOS / capacity;
        int part = (owing ? fraction : 0) + (int) (PERIOD_NANOS % capacity);
        if (part >= capacity) {
            part -= capacity;
            after++;
        }
        long wait = waitPast(after, part, now);
        if (wait > 0) {
            return wait;
        }
        fullAt = after;
        fraction = part;
        return -1;
    }

    /** Gives back one token, never beyond full. */
    synchronized void giveBack(long now) {
        if (fullAt <= now) {
            return;
        }
        long before = fullAt - PERIOD_NANOS / capacity;
        int part = fraction - (int) (PERIOD_NANOS % capacity);
        if (part < 0) {
            part += capacity;
            before--;
        }
        if (before < now || (before == now && part == 0)) {
            fullAt = Long.MIN_VALUE;
            fraction = 0;
        } else {
            fullAt = before;
            fraction = part;
        }
    }

    /** Nanoseconds until one token is available, without taking it; 0 when one is. */
    synchronized long nanosUntilAvailable(long now) {
        if (fullAt <= now) {
            return 0;
        }
        long after = fullAt + PERIOD_NANOS / capacity;
        int part = fraction + (int) (PERIOD_NANOS % capacity);
        if (part >= capacity) {
            part -= capacity;
            after++;
        }
        return Math.max(0, waitPast(after, part, now));
    }

    /** Whole tokens available now. */
    synchronized long available(long now) {
        if (fullAt <= now) {
            return capacity;
        }
        // (period - (fullAt + fraction / capacity - now)) * capacity / period, floored
        long room = PERIOD_NANOS - (fullAt - now);
        try {
            return Math.max(0, Math.floorDiv(Math.subtractExact(Math.multiplyExact(room, (long) capacity), fraction),
                    PERIOD_NANOS));
        } catch (ArithmeticException e) {
            return Math.max(0, BigInteger.valueOf(room).multiply(BigInteger.valueOf(capacity))
                    .subtract(BigInteger.valueOf(fraction)).divide(BigInteger.valueOf(PERIOD_NANOS)).longValue());
        }
    }

    /** Nanoseconds until the bucket is full again; 0 when it is. */
    synchronized long nanosUntilFull(long now) {
        return fullAt <= now ? 0 : fullAt - now;
    }

    /** Whole nanoseconds (rounded up) by which a bucket full at {@code after + part / capacity} is over a period. */
    private static long waitPast(long after, int part, long now) {
        long over = after - now - PERIOD_NANOS;
        return part > 0 && over >= 0 ? over + 1 : over;
    }
}
