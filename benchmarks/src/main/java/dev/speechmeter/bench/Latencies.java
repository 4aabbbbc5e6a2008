package dev.speechmeter.bench;

import java.util.Arrays;
import java.util.Locale;

/** Response times of one kind of call, in nanoseconds, and their percentiles (nearest rank). */
final class Latencies {

    private long[] nanos = new long[1024];
    private int count;

    void add(long elapsed) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsed;
    }

    int count() {
        return count;
    }

    /** The {@code q} quantile in milliseconds, {@code 0 < q <= 1}. */
    double millis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** One line of a result table: count, p50, p95, p99 and max in milliseconds. */
    String row(String name) {
        return String.format(Locale.ROOT, "%-46s %6d %9.2f %9.2f %9.2f %9.2f", name, count, millis(0.50), millis(0.95),
                millis(0.99), millis(1.0));
    }

    static String header(String title) {
        return String.format(Locale.ROOT, "%-46s %6s %9s %9s %9s %9s", title, "n", "p50 ms", "p95 ms", "p99 ms", "max ms");
    }
}
