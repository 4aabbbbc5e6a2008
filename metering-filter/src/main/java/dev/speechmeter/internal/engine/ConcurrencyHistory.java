package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * How many slots of each pool a project held on this server over time, in periods of a minute, an
 * hour and a day: the figures of {@code GET /v1/concurrent-streams-history}.
 *
 * <p>A <em>sample</em> is the project's slots of the pool in use on this server right after an
 * admission or a release, and, at the start of a period, the slots held then when there were
 * any. Every sample is added to its minute, its hour and its day at once, so the peak of an hour or
 * a day is the exact peak of its samples, not a figure rolled up from rounded minutes. A period
 * without samples had the same slots held all through it as at the end of the period before:
 * it is answered as one sample of that level, or all zeros when that level was 0.
 *
 * <p>Memory is bounded twice: each project and pool keeps at most {@link Resolution#kept()} periods
 * of each resolution (those with samples, or which started with slots held), and all of them
 * together at most {@code maxPeriods} periods, weighed by Caffeine, which evicts the histories
 * used least recently first.
 *
 * <p>The engine records into it as it admits and settles requests; the endpoint reads it:
 *
 * <pre>{@code
 * ConcurrencyHistory history = engine.concurrencyHistory();
 * List<ConcurrencyHistory.Entry> lastHour = history.entries(projectId, "transcribe", Resolution.MINUTE,
 *         Instant.parse("2026-11-22T09:00:00Z"), 60);
 * int peak = lastHour.stream().mapToInt(ConcurrencyHistory.Entry::sampleMax).max().orElse(0);
 * }</pre>
 */
public final class ConcurrencyHistory {

    /** Periods kept in all, about 100 bytes each: at most about 100 MB. */
    public static final long DEFAULT_MAX_PERIODS = 1_000_000;

    /** The lengths of period a history is read in. */
    public enum Resolution {
        MINUTE(60, Duration.ofDays(7)),
        HOUR(3600, Duration.ofDays(31)),
        DAY(86400, Duration.ofDays(400));

        private final int seconds;
        private final Duration kept;

        Resolution(int seconds, Duration kept) {
            this.seconds = seconds;
            this.kept = kept;
        }

        public int seconds() {
            return seconds;
        }

        /** How far back from the latest sample periods of this length are kept. */
        public Duration kept() {
            return kept;
        }

        /** The resolution of periods {@code seconds} long, or null when there is none. */
        public static Resolution ofSeconds(long seconds) {
            for (Resolution resolution : values()) {
                if (resolution.seconds == seconds) {
                    return resolution;
                }
            }
            return null;
        }
    }

    /**
     * One period's figures: the least, greatest and summed samples, their number, and the number
     * of requests admitted to the pool in the period.
     */
    public record Entry(Instant periodStart, int periodSeconds, int sampleMin, int sampleMax, long sampleSum,
                        long sampleCount, long totalCount) {

        static Entry idle(Instant periodStart, int periodSeconds) {
            return new Entry(periodStart, periodSeconds, 0, 0, 0, 0, 0);
        }
    }

    private static final System.Logger LOG = System.getLogger(ConcurrencyHistory.class.getName());

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

    /** A request of {@code project} took a slot of {@code pool}. */
    void admitted(UUID project, String pool) {
        record(project, pool, +1);
    }

    /** A request of {@code project} gave back its slot of {@code pool}. */
    void released(UUID project, String pool) {
        record(project, pool, -1);
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
            if (track.record(clock.instant().getEpochSecond(), change)) {
                tracks.asMap().replace(key, track, track);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The concurrency history of project " + project + " missed a "
                    + (change > 0 ? "admission" : "release") + " to pool " + pool + ": " + e);
        }
    }

    /**
     * {@code count} consecutive periods of {@code resolution}, the first starting at
     * {@code firstStart} (a multiple of the period since the epoch). Periods after now are idle.
     */
    public List<Entry> entries(UUID project, String pool, Resolution resolution, Instant firstStart, int count) {
        List<Entry> entries = new ArrayList<>(count);
        long period = resolution.seconds;
        long first = Math.floorDiv(firstStart.getEpochSecond(), period);
        Track track = tracks.getIfPresent(new Key(project, pool));
        if (track == null) {
            for (int i = 0; i < count; i++) {
                entries.add(Entry.idle(Instant.ofEpochSecond((first + i) * period), resolution.seconds));
            }
            return entries;
        }
        long current = Math.floorDiv(clock.instant().getEpochSecond(), period);
        synchronized (track) {
            NavigableMap<Long, Bucket> buckets = track.series[resolution.ordinal()];
            Map.Entry<Long, Bucket> before = buckets.lowerEntry(first);
            int carried = before == null ? 0 : before.getValue().last;
            for (long index = first; index < first + count; index++) {
                Instant start = Instant.ofEpochSecond(index * period);
                Bucket bucket = buckets.get(index);
                if (bucket != null) {
                    entries.add(bucket.entry(start, resolution.seconds));
                    carried = bucket.last;
                } else if (carried > 0 && index <= current) {
                    entries.add(new Entry(start, resolution.seconds, carried, carried, carried, 1, 0));
                } else {
                    entries.add(Entry.idle(start, resolution.seconds));
                }
            }
        }
        return entries;
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
            for (Resolution resolution : Resolution.values()) {
                int r = resolution.ordinal();
                long index = Math.floorDiv(epochSecond, resolution.seconds);
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
                prune(series[r], index - resolution.kept.getSeconds() / resolution.seconds);
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

        Entry entry(Instant start, int seconds) {
            return new Entry(start, seconds, min, max, sum, count, admitted);
        }
    }
}
