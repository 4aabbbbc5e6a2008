package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.SlotLease;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
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
            Series series = track.series[resolution.ordinal()];
            int before = series.lastBefore(first);
            return ConcurrencyHistoryStore.window(resolution, first, count, current,
                    before < 0 ? 0 : series.last(before), index -> {
                        int at = series.find(index);
                        return at < 0 ? null : series.samples(at);
                    });
        }
    }

    private record Key(UUID project, String pool) {
    }

    /** One project's pool on this server: the slots it holds now and its periods of each resolution. */
    private static final class Track {

        private final Series[] series = new Series[Resolution.values().length];
        private int level;
        private int periods;

        Track() {
            for (int i = 0; i < series.length; i++) {
                series[i] = new Series();
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
                Series periodsOf = series[resolution.ordinal()];
                long index = Math.floorDiv(epochSecond, resolution.seconds());
                if (periodsOf.size > 0 && periodsOf.latestIndex() >= index) {
                    // A clock read a moment late by a racing thread counts in the latest period.
                    periodsOf.add(periodsOf.size - 1, level, change > 0);
                    continue;
                }
                periods -= periodsOf.dropBefore(index - resolution.kept().getSeconds() / resolution.seconds());
                int at = periodsOf.append(index);
                if (before > 0) {
                    periodsOf.add(at, before, false);
                }
                periodsOf.add(at, level, change > 0);
                periods++;
                grew = true;
            }
            return grew;
        }
    }

    /**
     * The periods of one resolution, oldest first, in one array of longs: a ring of records of
     * {@link #WIDTH} longs each (start index, min and max, last, sum, count, admitted), grown by
     * doubling. A project's first minute costs 48 bytes here, where a tree of period objects cost
     * about 200.
     */
    private static final class Series {

        private static final int WIDTH = 6;
        private static final int INDEX = 0;
        private static final int MIN_MAX = 1;
        private static final int LAST = 2;
        private static final int SUM = 3;
        private static final int COUNT = 4;
        private static final int ADMITTED = 5;

        private long[] records = new long[WIDTH];
        private int first;
        private int size;

        long latestIndex() {
            return get(size - 1, INDEX);
        }

        /** Starts a period after the latest, with no sample yet; returns its position. */
        int append(long index) {
            int capacity = records.length / WIDTH;
            if (size == capacity) {
                long[] grown = new long[records.length * 2];
                for (int i = 0; i < size; i++) {
                    System.arraycopy(records, slot(i), grown, i * WIDTH, WIDTH);
                }
                records = grown;
                first = 0;
            }
            int at = size++;
            int slot = slot(at);
            records[slot + INDEX] = index;
            records[slot + MIN_MAX] = pack(Integer.MAX_VALUE, 0);
            records[slot + LAST] = 0;
            records[slot + SUM] = 0;
            records[slot + COUNT] = 0;
            records[slot + ADMITTED] = 0;
            return at;
        }

        /** Forgets the periods that start before {@code oldestKept}; returns how many. */
        int dropBefore(long oldestKept) {
            int dropped = 0;
            while (size > 0 && get(0, INDEX) < oldestKept) {
                first = (first + 1) % (records.length / WIDTH);
                size--;
                dropped++;
            }
            return dropped;
        }

        void add(int at, int sample, boolean admission) {
            int slot = slot(at);
            long minMax = records[slot + MIN_MAX];
            records[slot + MIN_MAX] = pack(Math.min(min(minMax), sample), Math.max(max(minMax), sample));
            records[slot + LAST] = sample;
            records[slot + SUM] += sample;
            records[slot + COUNT]++;
            if (admission) {
                records[slot + ADMITTED]++;
            }
        }

        /** The position of the period that starts at {@code index}, or -1. */
        int find(long index) {
            int at = lastBefore(index + 1);
            return at >= 0 && get(at, INDEX) == index ? at : -1;
        }

        /** The position of the latest period that starts before {@code index}, or -1. */
        int lastBefore(long index) {
            int low = 0;
            int high = size - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                if (get(middle, INDEX) < index) {
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            return high;
        }

        int last(int at) {
            return (int) get(at, LAST);
        }

        Samples samples(int at) {
            long minMax = get(at, MIN_MAX);
            return new Samples(min(minMax), max(minMax), last(at), get(at, SUM), get(at, COUNT), get(at, ADMITTED));
        }

        private long get(int at, int field) {
            return records[slot(at) + field];
        }

        private int slot(int at) {
            return (first + at) % (records.length / WIDTH) * WIDTH;
        }

        private static long pack(int min, int max) {
            return ((long) min << 32) | (max & 0xFFFFFFFFL);
        }

        private static int min(long minMax) {
            return (int) (minMax >> 32);
        }

        private static int max(long minMax) {
            return (int) minMax;
        }
    }
}
