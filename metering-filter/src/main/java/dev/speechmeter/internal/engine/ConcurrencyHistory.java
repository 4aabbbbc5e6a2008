package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.SlotLease;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * How many slots of each pool a project held on this server over time, in periods of a minute, an
 * hour and a day, kept in memory: the default {@link ConcurrencyHistoryStore}.
 *
 * <p>A sample is the project's slots of the pool admitted on this server and not yet settled,
 * right after an admission or a release, and, at the start of a period, the slots held then when
 * there were any (see {@link ConcurrencyHistoryStore}).
 *
 * <p>Memory is bounded twice: each project and pool keeps at most {@link Resolution#kept()} periods
 * of each resolution (those with samples, or which started with slots held), and all of them
 * together at most {@code maxPeriods} periods, weighed by Caffeine, which evicts the histories
 * used least recently first.
 *
 * <pre>{@code
 * ConcurrencyHistoryStore history = new ConcurrencyHistory(InstantSource.system(), ConcurrencyHistory.DEFAULT_MAX_PERIODS);
 * history.admitted(lease);
 * int peak = history.entries(projectId, "transcribe", Resolution.MINUTE, Instant.parse("2026-11-22T09:00:00Z"), 60)
 *         .stream().mapToInt(Entry::sampleMax).max().orElse(0);
 * }</pre>
 */
public final class ConcurrencyHistory implements ConcurrencyHistoryStore {

    /** Periods kept in all, about 100 bytes each: at most about 100 MB. */
    public static final long DEFAULT_MAX_PERIODS = 1_000_000;

    private static final System.Logger LOG = System.getLogger(ConcurrencyHistory.class.getName());
    private static final Resolution[] RESOLUTIONS = Resolution.values();

    private final InstantSource clock;
    private final Cache<Key, Track> tracks;

    public ConcurrencyHistory(InstantSource clock, long maxPeriods) {
        this.clock = clock;
        this.tracks = Caffeine.newBuilder()
                .ticker(Clocks.ticker(clock))
                .maximumWeight(maxPeriods)
                .weigher((Key key, Track track) -> track.periods())
                .expireAfterWrite(Resolution.DAY.kept())
                // Evictions run on the recording thread: no work goes to a thread pool the container does not manage.
                .executor(Runnable::run)
                .build();
    }

    @Override
    public void admitted(SlotLease lease) {
        record(lease.project(), lease.pool(), +1);
    }

    @Override
    public void released(SlotLease lease) {
        record(lease.project(), lease.pool(), -1);
    }

    /**
     * Recorded in place; only when the track gained a period is it put back, so that Caffeine
     * weighs it again (at most once a minute per project and pool, not once per request). A
     * failure here is logged and goes no further: the request it was recorded for must still be
     * admitted or settled, and its slot given back.
     */
    private void record(UUID project, String pool, int change) {
        try {
            Key key = new Key(project, pool);
            Track track = tracks.get(key, absent -> new Track());
            if (track.record(Math.floorDiv(clock.millis(), 1000), change)) {
                tracks.asMap().replace(key, track, track);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The concurrency history of project " + project + " missed a "
                    + (change > 0 ? "admission" : "release") + " to pool " + pool + ": " + e);
        }
    }

    @Override
    public List<Entry> entries(UUID project, String pool, Resolution resolution, Instant firstStart, int count) {
        long first = Math.floorDiv(firstStart.getEpochSecond(), resolution.seconds());
        long current = Math.floorDiv(clock.instant().getEpochSecond(), resolution.seconds());
        Track track = tracks.getIfPresent(new Key(project, pool));
        if (track == null) {
            return ConcurrencyHistoryStore.window(resolution, first, count, current, 0, index -> null);
        }
        synchronized (track) {
            NavigableMap<Long, Bucket> buckets = track.series[resolution.ordinal()];
            Map.Entry<Long, Bucket> before = buckets.lowerEntry(first);
            return ConcurrencyHistoryStore.window(resolution, first, count, current,
                    before == null ? 0 : before.getValue().last, index -> {
                        Bucket bucket = buckets.get(index);
                        return bucket == null ? null : bucket.samples();
                    });
        }
    }

    private record Key(UUID project, String pool) {
    }

    /** One project's pool on this server: the slots it holds now and its periods of each resolution. */
    private static final class Track {

        @SuppressWarnings("unchecked")
        private final NavigableMap<Long, Bucket>[] series = new NavigableMap[Resolution.values().length];
        /** The latest period of each resolution, where nearly every sample goes: no tree look-up. */
        private final Bucket[] latest = new Bucket[Resolution.values().length];
        private final long[] latestIndex = new long[Resolution.values().length];
        private int level;
        private int periods;

        Track() {
            for (int i = 0; i < series.length; i++) {
                series[i] = new TreeMap<>();
            }
        }

        synchronized int periods() {
            return Math.max(1, periods);
        }

        /** @return true when a new period was started, which makes the track heavier */
        synchronized boolean record(long epochSecond, int change) {
            int before = level;
            // A release whose admission was recorded before this track was evicted cannot go below 0.
            level = Math.max(0, level + change);
            boolean grew = false;
            for (Resolution resolution : RESOLUTIONS) {
                int r = resolution.ordinal();
                long index = Math.floorDiv(epochSecond, resolution.seconds());
                if (latest[r] != null && latestIndex[r] >= index) {
                    // A clock read a moment late by a racing thread counts in the latest period.
                    latest[r].add(level, change > 0);
                    continue;
                }
                Bucket bucket = new Bucket();
                if (before > 0) {
                    bucket.add(before, false);
                }
                bucket.add(level, change > 0);
                series[r].put(index, bucket);
                latest[r] = bucket;
                latestIndex[r] = index;
                periods++;
                grew = true;
                prune(series[r], index - resolution.kept().getSeconds() / resolution.seconds());
            }
            return grew;
        }

        private void prune(NavigableMap<Long, Bucket> buckets, long oldestKept) {
            NavigableMap<Long, Bucket> old = buckets.headMap(oldestKept, false);
            periods -= old.size();
            old.clear();
        }
    }

    /** The samples of one period. */
    private static final class Bucket {

        private int min = Integer.MAX_VALUE;
        private int max;
        private int last;
        private long sum;
        private long count;
        private long admitted;

        void add(int sample, boolean admission) {
            min = Math.min(min, sample);
            max = Math.max(max, sample);
            last = sample;
            sum += sample;
            count++;
            if (admission) {
                admitted++;
            }
        }

        Samples samples() {
            return new Samples(min, max, last, sum, count, admitted);
        }
    }
}
