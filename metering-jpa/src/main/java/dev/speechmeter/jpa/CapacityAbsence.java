package dev.speechmeter.jpa;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.speechmeter.internal.engine.Clocks;
import dev.speechmeter.spi.LabelSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The label sets of organizations and projects that no capacity applies to, remembered for
 * {@code recheck} after the database said so: a request on them is then not limited, and needs no
 * query. Only absence is remembered; a capacity that applies is always read fresh. A capacity set
 * through this server forgets everything at once; one set through another server applies here
 * within {@code recheck}.
 *
 * <pre>{@code
 * CapacityAbsence absence = new CapacityAbsence(Duration.ofSeconds(5), InstantSource.system());
 * long version = absence.version();
 * List<Capacity> found = read(...);
 * if (found.isEmpty()) {
 *     absence.remember(organizationId, projectId, labels, version);
 * }
 * }</pre>
 */
final class CapacityAbsence {

    /** Far more owners and label sets than send requests within a few seconds. */
    private static final long MAX_ENTRIES = 100_000;

    private final Cache<Key, Boolean> absent;
    /** Counts the capacities set here, so that a read that raced with one remembers nothing. */
    private final AtomicLong version = new AtomicLong();

    CapacityAbsence(Duration recheck, InstantSource clock) {
        this.absent = Caffeine.newBuilder()
                .ticker(Clocks.ticker(clock))
                // Maintenance on the calling thread: no unmanaged threads inside a Jakarta EE server.
                .executor(Runnable::run)
                .expireAfterWrite(recheck)
                .maximumSize(MAX_ENTRIES)
                .build();
    }

    /** Whether no capacity applied to {@code labels} of these owners when last read, less than the recheck ago. */
    boolean known(UUID organizationId, UUID projectId, LabelSet labels) {
        return absent.getIfPresent(new Key(organizationId, projectId, labels)) != null;
    }

    /** To take before reading, and hand to {@link #remember}. */
    long version() {
        return version.get();
    }

    /**
     * Remembers that a read begun at {@code versionBefore} found no capacity for {@code labels} of
     * these owners, unless a capacity was set here since (the read may have missed it).
     */
    void remember(UUID organizationId, UUID projectId, LabelSet labels, long versionBefore) {
        Key key = new Key(organizationId, projectId, labels);
        absent.put(key, Boolean.TRUE);
        // Checked after the put: a capacity set in between, whose forgetting may have run before
        // the put, is caught here; one set after this check forgets the entry itself.
        if (version.get() != versionBefore) {
            absent.invalidate(key);
        }
    }

    /** A capacity was set: what was remembered may no longer hold, for any owner. */
    void capacitySet() {
        version.incrementAndGet();
        absent.invalidateAll();
    }

    private record Key(UUID organizationId, UUID projectId, LabelSet labels) {
    }
}
