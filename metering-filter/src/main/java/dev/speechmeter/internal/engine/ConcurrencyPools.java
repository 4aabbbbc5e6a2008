package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slots in use per pool, organization and project. An owner's entry exists only while it holds a
 * slot, so the maps never hold more entries than requests in flight (beside one map per level and
 * pool).
 *
 * <p>Counts are kept per level and pool, by owner, and changed by compare-and-set on the count, so
 * that taking and giving back a slot makes no key and no function object: both run on every
 * pooled request.
 */
final class ConcurrencyPools {

    private static final Level[] LEVELS = Level.values();

    /** Per level, by pool (a few, from the configuration), the slots each owner holds. */
    private final ConcurrentMap<String, ConcurrentMap<UUID, Integer>>[] inUse;

    @SuppressWarnings("unchecked")
    ConcurrencyPools() {
        inUse = new ConcurrentMap[LEVELS.length];
        for (int i = 0; i < inUse.length; i++) {
            inUse[i] = new ConcurrentHashMap<>();
        }
    }

    /**
     * Takes a slot if fewer than {@code max} are held; {@code max} null means no cap.
     *
     * @return the slots held after taking one, or -1 when the pool is full
     */
    int tryAcquire(Level level, UUID owner, String pool, Integer max) {
        ConcurrentMap<UUID, Integer> held = owners(level, pool);
        int cap = max == null ? Integer.MAX_VALUE : max;
        while (true) {
            Integer current = held.get(owner);
            if (current == null) {
                if (cap < 1) {
                    return -1;
                }
                if (held.putIfAbsent(owner, 1) == null) {
                    return 1;
                }
            } else {
                if (current >= cap) {
                    return -1;
                }
                if (held.replace(owner, current, current + 1)) {
                    return current + 1;
                }
            }
        }
    }

    void release(Level level, UUID owner, String pool) {
        ConcurrentMap<UUID, Integer> held = owners(level, pool);
        while (true) {
            Integer current = held.get(owner);
            if (current == null) {
                return;
            }
            if (current == 1 ? held.remove(owner, current) : held.replace(owner, current, current - 1)) {
                return;
            }
        }
    }

    int current(Level level, UUID owner, String pool) {
        Integer held = owners(level, pool).get(owner);
        return held == null ? 0 : held;
    }

    int entries() {
        int entries = 0;
        for (ConcurrentMap<String, ConcurrentMap<UUID, Integer>> level : inUse) {
            for (Map<UUID, Integer> owners : level.values()) {
                entries += owners.size();
            }
        }
        return entries;
    }

    private ConcurrentMap<UUID, Integer> owners(Level level, String pool) {
        ConcurrentMap<String, ConcurrentMap<UUID, Integer>> pools = inUse[level.ordinal()];
        ConcurrentMap<UUID, Integer> owners = pools.get(pool);
        return owners != null ? owners : pools.computeIfAbsent(pool, any -> new ConcurrentHashMap<>());
    }
}
