package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slots in use per pool, organization and project. An entry exists only while a slot is held, so
 * the map never holds more entries than requests in flight.
 */
final class ConcurrencyPools {

    private final ConcurrentMap<Key, Integer> inUse = new ConcurrentHashMap<>();

    /**
     * Takes a slot if fewer than {@code max} are held; {@code max} null means no cap.
     *
     * @return the slots held after taking one, or -1 when the pool is full
     */
    int tryAcquire(Level level, UUID owner, String pool, Integer max) {
        int[] held = {-1};
        inUse.compute(new Key(level, owner, pool), (key, count) -> {
            int current = count == null ? 0 : count;
            if (max != null && current >= max) {
                return count;
            }
            held[0] = current + 1;
            return held[0];
        });
        return held[0];
    }

    void release(Level level, UUID owner, String pool) {
        inUse.computeIfPresent(new Key(level, owner, pool), (key, held) -> held == 1 ? null : held - 1);
    }

    int current(Level level, UUID owner, String pool) {
        return inUse.getOrDefault(new Key(level, owner, pool), 0);
    }

    int entries() {
        return inUse.size();
    }

    private record Key(Level level, UUID owner, String pool) {
    }
}
