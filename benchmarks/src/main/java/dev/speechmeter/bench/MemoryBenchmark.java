package dev.speechmeter.bench;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The heap that recently active callers cost the engine: {@code N} distinct callers (each its own
 * organization and project, with a request-rate cap and a {@code transcribe} pool cap at both
 * levels) each authenticate with their own key, are admitted on the rate and a slot, and settle,
 * as a real request does. The retained heap after a full collection is measured twice in the same
 * process: with the key directory built and the engine made but not yet used (the baseline: the
 * application's own data), and after every caller made its request. The difference is what the
 * engine keeps per caller: the key cache, the request-rate buckets at both levels, the slot
 * counters and the concurrency history.
 *
 * <pre>
 * bash benchmarks/scripts/memory.sh [callers]
 * </pre>
 *
 * The callers' requests are spread over {@link #SPREAD} of the engine's clock, so every cache
 * holds every one of them at the end (all are "recently active"); the caches' sizes are set above
 * {@code N}. Sizes come from {@code GC.class_histogram} (live objects after a full collection),
 * which also tells which classes the difference is made of.
 */
public final class MemoryBenchmark {

    /** How much of the engine's clock the callers' requests take: less than every expiry. */
    static final Duration SPREAD = Duration.ofSeconds(5);
    private static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    private static final int LIMIT_VARIANTS = 10;
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("Total\\s+(\\d+)\\s+(\\d+)");

    private MemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int callers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;

        String[] headers = new String[callers];
        Map<String, Caller> directory = new HashMap<>(callers * 2);
        Limits[] limits = limitVariants();
        for (int i = 0; i < callers; i++) {
            String secret = ApiKeys.newSecret();
            headers[i] = "Bearer " + secret;
            Limits own = limits[i % LIMIT_VARIANTS];
            directory.put(ApiKeys.hash(secret), new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    own, own));
        }
        SteppedClock clock = new SteppedClock(Instant.parse("2026-11-30T23:59:00Z"));
        MeteringConfig config = MeteringConfig.forPools(List.of("transcribe"))
                .keyCacheSize(callers + 1_000L)
                .limiterCacheSize(callers + 1_000L)
                .concurrencyHistoryMaxPeriods(3L * callers + 1_000L)
                .build();
        MeteringEngine engine = MeteringRuntime.builder(config)
                .keys(hash -> Optional.ofNullable(directory.get(hash)))
                .ledger(record -> { })
                .prices(PriceTable.FREE)
                .clock(clock)
                .build().engine();
        // One request first, so that classes loaded and constants made once are in the baseline.
        request(engine, "Bearer " + ApiKeys.newSecret(), true);

        Histogram before = Histogram.take();
        long step = SPREAD.toNanos() / callers;
        for (int i = 0; i < callers; i++) {
            request(engine, headers[i], false);
            clock.advanceNanos(step);
        }
        Histogram after = Histogram.take();

        long bytes = after.totalBytes - before.totalBytes;
        System.out.printf(Locale.ROOT, "%,d callers: baseline %,d bytes live, after %,d bytes live%n", callers,
                before.totalBytes, after.totalBytes);
        System.out.printf(Locale.ROOT, "engine's cost: %,d bytes in all, %,.1f bytes per caller, %,.1f MB for "
                + "1,000,000 callers%n", bytes, (double) bytes / callers, (double) bytes / callers * 1_000_000 / 1e6);
        System.out.printf(Locale.ROOT, "%-70s %12s %14s %10s%n", "class", "instances", "bytes", "per caller");
        for (Histogram.Row row : after.minus(before, top)) {
            System.out.printf(Locale.ROOT, "%-70s %,12d %,14d %,10.1f%n", row.name, row.instances, row.bytes,
                    (double) row.bytes / callers);
        }
        if (headers.length != directory.size()) {
            throw new IllegalStateException("the directory lost keys");
        }
    }

    /** What a metered request does: its key authenticated, admitted on the rate and a slot, settled. */
    private static void request(MeteringEngine engine, String header, boolean unknownAllowed) throws Exception {
        Caller caller;
        try {
            caller = engine.authenticate(header);
        } catch (Exception e) {
            if (unknownAllowed) {
                return;
            }
            throw e;
        }
        Admission admission = engine.admit(engine.newRequestId(), null, caller, TRANSCRIBE, "/v1/transcriptions");
        if (!admission.admitted()) {
            throw new IllegalStateException("refused: " + admission.rejection());
        }
        admission.settle(200, Usage.NONE, null);
    }

    private static Limits[] limitVariants() {
        Limits[] variants = new Limits[LIMIT_VARIANTS];
        for (int i = 0; i < LIMIT_VARIANTS; i++) {
            variants[i] = Limits.none()
                    .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100 + 10 * i))
                    .with(Limits.concurrent("transcribe"), Cap.atMost(5 + i));
        }
        return variants;
    }

    /** The engine's clock, moved on by the benchmark only. */
    private static final class SteppedClock implements InstantSource {

        private volatile long nanos;
        private final Instant start;

        SteppedClock(Instant start) {
            this.start = start;
        }

        void advanceNanos(long step) {
            nanos += step;
        }

        @Override
        public Instant instant() {
            return start.plusNanos(nanos);
        }
    }

    /** Live objects by class, after a full collection ({@code jcmd <pid> GC.class_histogram}). */
    private static final class Histogram {

        final Map<String, Row> rows = new HashMap<>();
        long totalBytes;

        record Row(String name, long instances, long bytes) {
        }

        static Histogram take() throws Exception {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Histogram histogram = new Histogram();
            for (String line : text.split("\n")) {
                Matcher row = HISTOGRAM_LINE.matcher(line);
                if (row.matches()) {
                    histogram.rows.merge(row.group(3), new Row(row.group(3), Long.parseLong(row.group(1)),
                            Long.parseLong(row.group(2))), (a, b) -> new Row(a.name, a.instances + b.instances,
                            a.bytes + b.bytes));
                    continue;
                }
                Matcher total = HISTOGRAM_TOTAL.matcher(line.strip());
                if (total.matches()) {
                    histogram.totalBytes = Long.parseLong(total.group(2));
                }
            }
            return histogram;
        }

        /** The classes that grew most since {@code earlier}, largest first. */
        List<Row> minus(Histogram earlier, int top) {
            List<Row> grown = new ArrayList<>();
            for (Row row : rows.values()) {
                Row old = earlier.rows.getOrDefault(row.name, new Row(row.name, 0, 0));
                grown.add(new Row(row.name, row.instances - old.instances, row.bytes - old.bytes));
            }
            grown.sort((a, b) -> Long.compare(b.bytes, a.bytes));
            return grown.subList(0, Math.min(top, grown.size()));
        }
    }
}
