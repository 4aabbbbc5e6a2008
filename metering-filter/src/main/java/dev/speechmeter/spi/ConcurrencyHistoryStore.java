package dev.speechmeter.spi;

import dev.speechmeter.internal.engine.ConcurrencyHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Where the concurrency history of {@code GET /v1/concurrent-streams-history} is kept: how many
 * slots of each pool a project held over time, in periods of a minute, an hour and a day.
 *
 * <p>A <em>sample</em> is the project's slots of the pool in use right after an admission or a
 * release, and, at the start of a period, the slots held then when there were any. Every sample is
 * added to its minute, its hour and its day at once, so the peak of an hour or a day is the exact
 * peak of its samples. A period without samples had the same slots held all through it as at the
 * end of the period before: it is answered as one sample of that level, or all zeros when that
 * level was 0.
 *
 * <p>By default each server keeps its own, in memory ({@link #inMemory}); a {@link LimitStore}
 * shared by a fleet offers the fleet's through {@link LimitStore#concurrencyHistory()}, recorded as
 * it takes and gives back slots. The engine tells the history of each admission once no later
 * check can refuse it, and of each release when the request settles; the endpoint reads it:
 *
 * <pre>{@code
 * ConcurrencyHistoryStore history = ConcurrencyHistoryStore.inMemory(InstantSource.system(), 1_000_000);
 * history.admitted(lease);
 * history.released(lease);
 * List<ConcurrencyHistoryStore.Entry> lastHour = history.entries(projectId, "transcribe", Resolution.MINUTE,
 *         Instant.parse("2026-11-22T09:00:00Z"), 60);
 * }</pre>
 */
public interface ConcurrencyHistoryStore {

    /** The lengths of period a history is read in, and how long each is kept. */
    enum Resolution {
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

        /** How far back periods of this length are kept. */
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
    record Entry(Instant periodStart, int periodSeconds, int sampleMin, int sampleMax, long sampleSum,
                 long sampleCount, long totalCount) {

        /** A period without any slot held. */
        public static Entry idle(Instant periodStart, int periodSeconds) {
            return new Entry(periodStart, periodSeconds, 0, 0, 0, 0, 0);
        }
    }

    /**
     * What a store kept of one period with samples: their least, greatest, last and sum, their
     * number, and the admissions among them.
     */
    record Samples(int min, int max, int last, long sum, long count, long admitted) {

        Entry entry(Instant start, int seconds) {
            return new Entry(start, seconds, min, max, sum, count, admitted);
        }
    }

    /**
     * The history of this server alone, in memory: each project and pool keeps at most
     * {@link Resolution#kept()} of each resolution, and all of them together at most
     * {@code maxPeriods} periods; the histories used least recently go first.
     */
    static ConcurrencyHistoryStore inMemory(InstantSource clock, long maxPeriods) {
        return new ConcurrencyHistory(clock, maxPeriods);
    }

    /**
     * A request holding {@code lease} was admitted: no later check refuses it any more. A failure
     * to record is the history's own; it never reaches the request.
     */
    void admitted(SlotLease lease);

    /** The request holding {@code lease} settled and gave its slot back. */
    void released(SlotLease lease);

    /**
     * {@code count} consecutive periods of {@code resolution}, the first starting at
     * {@code firstStart} (a multiple of the period since the epoch), ascending. Periods after now
     * are idle.
     *
     * @throws LimitStoreUnavailableException when the store that keeps the history cannot be reached
     */
    List<Entry> entries(UUID project, String pool, Resolution resolution, Instant firstStart, int count);

    /**
     * The periods {@code first} to {@code first + count - 1} of {@code resolution}, as a store
     * that knows the samples of some of them answers: those with samples as they are, each of the
     * others at the level the one before ended with (up to period {@code current}, the one of now),
     * or all zeros.
     *
     * @param carried   the level before period {@code first}
     * @param samplesAt the samples of a period by its index, or null when it has none
     */
    static List<Entry> window(Resolution resolution, long first, int count, long current, int carried,
                              LongFunction<Samples> samplesAt) {
        List<Entry> entries = new ArrayList<>(count);
        int seconds = resolution.seconds();
        int level = carried;
        for (long index = first; index < first + count; index++) {
            Instant start = Instant.ofEpochSecond(index * seconds);
            Samples samples = index <= current ? samplesAt.apply(index) : null;
            if (samples != null) {
                entries.add(samples.entry(start, seconds));
                level = samples.last();
            } else if (level > 0 && index <= current) {
                entries.add(new Entry(start, seconds, level, level, level, 1, 0));
            } else {
                entries.add(Entry.idle(start, seconds));
            }
        }
        return entries;
    }
}
