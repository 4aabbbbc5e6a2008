package dev.speechmeter.engine;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slots in use per pool, organization and project. An entry exists only while a slot is held, so
 * the map never holds more entries than requests in flight.
 */
final class ConcurrencyPools {

    private final ConcurrentMap<Key, Integer> inUse = new ConcurrentHashMap<>();

    /** Takes a slot if fewer than {@code max} are held; {@code max} null means no cap. */
    boolean tryAcquire(Level level, UUID owner, String pool, Integer max) {
        boolean[] acquired = {false};
        inUse.compute(new Key(level, owner, pool), (key, held) -> {
            int current = held == null ? 0 : held;
            if (max != null && current >= max) {
                return held;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
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
