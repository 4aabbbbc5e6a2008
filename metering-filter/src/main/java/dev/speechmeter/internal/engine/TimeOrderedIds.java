package dev.speechmeter.internal.engine;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then a counter that
 * keeps ids made in the same millisecond in order, then random bits. Request ids, and the ids of
 * organizations, projects and keys, all come from here.
 *
 * <pre>{@code
 * TimeOrderedIds ids = new TimeOrderedIds(InstantSource.system());
 * UUID first = ids.next();
 * UUID second = ids.next();   // sorts after first
 * }</pre>
 */
public final class TimeOrderedIds {

    private static final SecureRandom SEED = new SecureRandom();

    private final InstantSource clock;
    /** Milliseconds in the high 48 bits of a 60-bit value, a 12-bit sequence below them. */
    private final AtomicLong last = new AtomicLong();
    private final long randomBase = SEED.nextLong();
    private final AtomicLong randomCounter = new AtomicLong(SEED.nextLong());

    public TimeOrderedIds(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One id of the millisecond of {@code instant}. */
    public static UUID at(Instant instant) {
        return new TimeOrderedIds(InstantSource.fixed(instant)).next();
    }

    /** The next id: of the clock's millisecond, after every id this generator made before. */
    public UUID next() {
        long stamp = nextStamp(clock.millis());
        long mostSignificant = (stamp >>> 12) << 16 | 0x7000L | (stamp & 0xFFFL);
        long random = mix(randomBase + randomCounter.getAndIncrement());
        long leastSignificant = (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }

    /** The millisecond and sequence of the next id; a loop rather than a function, which would be made per id. */
    private long nextStamp(long millis) {
        while (true) {
            long previous = last.get();
            long stamp = Math.max(previous + 1, millis << 12);
            if (last.compareAndSet(previous, stamp)) {
                return stamp;
            }
        }
    }

    /** SplitMix64 finalizer: spreads a counter into bits that cannot be guessed from the id before. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
