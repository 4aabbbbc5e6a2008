package dev.speechmeter.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How many of a set of half-open intervals {@code [start, end)} are open at each moment, in
 * microseconds: the concurrency of requests, read from the start and end times of their usage
 * entries. An interval that ends at the very moment another starts does not overlap it.
 *
 * <pre>{@code
 * Overlaps overlaps = Overlaps.of(List.of(new Overlaps.Interval(0, 10), new Overlaps.Interval(5, 20)));
 * overlaps.at(7);                  // 2
 * overlaps.highest(0, 30);         // 2
 * overlaps.above(1, 3);            // [5, 10)
 * }</pre>
 */
final class Overlaps {

    /** One request's hold, {@code [start, end)} in microseconds since the epoch. */
    record Interval(long start, long end) {
    }

    /** The moments at which the count changes, ascending. */
    private final long[] times;
    /** The count from {@code times[i]} until {@code times[i + 1]}. */
    private final int[] counts;

    private Overlaps(long[] times, int[] counts) {
        this.times = times;
        this.counts = counts;
    }

    static Overlaps of(List<Interval> intervals) {
        long[][] events = new long[intervals.size() * 2][];
        int n = 0;
        for (Interval interval : intervals) {
            events[n++] = new long[] {interval.start(), 1};
            events[n++] = new long[] {interval.end(), -1};
        }
        // At one moment, ends before starts: half-open intervals.
        Arrays.sort(events, Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        long[] times = new long[events.length];
        int[] counts = new int[events.length];
        int changes = 0;
        int open = 0;
        for (int i = 0; i < events.length; i++) {
            open += (int) events[i][1];
            if (i + 1 == events.length || events[i + 1][0] != events[i][0]) {
                times[changes] = events[i][0];
                counts[changes] = open;
                changes++;
            }
        }
        return new Overlaps(Arrays.copyOf(times, changes), Arrays.copyOf(counts, changes));
    }

    /** Intervals open at {@code time}: started at or before it, ending after it. */
    int at(long time) {
        int i = lastChangeAtOrBefore(time);
        return i < 0 ? 0 : counts[i];
    }

    /** The most intervals open at once at any moment of {@code [from, to)}. */
    int highest(long from, long to) {
        int highest = at(from);
        for (int i = lastChangeAtOrBefore(from) + 1; i < times.length && times[i] < to; i++) {
            highest = Math.max(highest, counts[i]);
        }
        return highest;
    }

    /**
     * The spans during which more than {@code limit} intervals were open without a break, those
     * that lasted at least {@code minMicros}, in order.
     */
    List<Interval> above(int limit, long minMicros) {
        List<Interval> runs = new ArrayList<>();
        long runStart = -1;
        for (int i = 0; i < times.length; i++) {
            if (counts[i] > limit && runStart < 0) {
                runStart = times[i];
            } else if (counts[i] <= limit && runStart >= 0) {
                if (times[i] - runStart >= minMicros) {
                    runs.add(new Interval(runStart, times[i]));
                }
                runStart = -1;
            }
        }
        return runs;
    }

    private int lastChangeAtOrBefore(long time) {
        int i = Arrays.binarySearch(times, time);
        return i >= 0 ? i : -i - 2;
    }
}
