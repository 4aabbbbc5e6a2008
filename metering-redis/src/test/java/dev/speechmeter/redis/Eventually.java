package dev.speechmeter.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for what comes true over the network (a connection made, a server back), not for time to
 * pass: the condition is polled with a short pause between tries, so the waiting thread leaves
 * the processor to the threads and the Redis it waits for.
 */
final class Eventually {

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Eventually() {
    }

    /** Whether {@code condition} came true before {@code limit} ran out; tried at least once. */
    static boolean within(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return true;
    }

    /**
     * Returns once {@code store}'s connection to Redis is up, which is made in the background when
     * the store is made: on a loaded machine that can take seconds, and a command sent meanwhile
     * is decided without Redis.
     */
    static void connected(RedisLimitStore store) {
        boolean up = within(Duration.ofSeconds(30), () -> {
            try {
                store.now();
            } catch (RuntimeException notConnectedYet) {
                // Refused while the connection is being made; asked again after a pause.
            }
            return store.redisReachable();
        });
        if (!up) {
            throw new AssertionError("no connection to Redis within 30 s");
        }
    }
}
