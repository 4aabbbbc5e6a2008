package dev.speechmeter.bench;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.redis.RedisLimitStore;
import dev.speechmeter.redis.RedisSettings;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.management.ManagementFactory;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admission on the Redis store and bare Redis round trips, measured in alternating rounds (ABBA:
 * every other round runs the operations in reverse order) so that all of them see the same
 * machine, warm-up rounds discarded. Prints, per operation, the median of the per-round means
 * and its ratio to a {@code PING} and to an {@code EVALSHA} of an empty script, and the median of
 * the per-round ratios to {@code PING}, which drift between rounds cannot skew.
 *
 * <p>Operations: {@code PING}; the empty script; an admission without a pool (one script); an
 * admission with a pool (one script, which records the fleet's concurrency history too), the
 * release after it timed apart; the same admission on a store that leaves the history to each
 * server ({@code speechmeter.redis.history=server}, the way before the fleet's history); the same
 * admission as two scripts (token, then slot), the way before the one admission script. With one
 * thread each call is timed; with more, the throughput of each operation, release included, is
 * counted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.RedisRoundTripComparison 1 500 12
 * </pre>
 * Arguments: threads (1 for latency), milliseconds a round, measured rounds (three warm-up rounds
 * come first). Limits are set so high that every call is admitted.
 */
public final class RedisRoundTripComparison {

    private static final int HUGE = 1_000_000_000;
    private static final int WARM_UP_ROUNDS = 3;
    private static final int CALLS_IN_REDIS = 20_000;
    private static final Pattern EVALSHA_STATS = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=(\\d+),");
    private static final String PATH = "/v1/transcriptions";
    private static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    private static final MeteredEndpoint NO_POOL = new MeteredEndpoint("transcribe_async", null, "sync");

    private final int threads;
    private final long roundNanos;

    private RedisRoundTripComparison(int threads, long roundMillis) {
        this.threads = threads;
        this.roundNanos = TimeUnit.MILLISECONDS.toNanos(roundMillis);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: RedisRoundTripComparison <threads> <millis-per-round> <rounds>");
        }
        RedisRoundTripComparison comparison = new RedisRoundTripComparison(Integer.parseInt(args[0]),
                Long.parseLong(args[1]));
        int rounds = Integer.parseInt(args[2]);
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
        try (BenchRedis redis = BenchRedis.start();
             RedisLimitStore store = RedisLimitStore.create(RedisSettings.of(redis.uri()), renewals,
                     new LocalLimitStore(InstantSource.system(), 1_000));
             RedisLimitStore serverHistory = RedisLimitStore.create(RedisSettings.of(redis.uri())
                     .withFleetHistory(false), renewals, new LocalLimitStore(InstantSource.system(), 1_000))) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                comparison.compare(connection.sync(), store, serverHistory, rounds);
            } finally {
                client.shutdown();
            }
            long fallbacks = store.fallbacks() + serverHistory.fallbacks();
            if (fallbacks > 0) {
                throw new IllegalStateException(fallbacks + " decisions were taken without Redis");
            }
        } finally {
            renewals.shutdownNow();
        }
    }

    private void compare(RedisCommands<String, String> bare, LimitStore store, LimitStore serverHistory, int rounds)
            throws Exception {
        String emptyScript = bare.scriptLoad("return 0");
        Limits limits = Limits.none()
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(HUGE))
                .with(Limits.concurrent("transcribe"), Cap.atMost(HUGE));
        Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), limits, limits);
        MeteringEngine oneScript = engine(store, caller);
        MeteringEngine withoutFleetHistory = engine(serverHistory, caller);
        MeteringEngine twoScripts = engine(new TwoStepLimitStore(store), caller);
        UUID requestId = oneScript.newRequestId();

        List<Operation<?>> operations = List.of(
                new Operation<>("PING", bare::ping, reply -> { }),
                new Operation<>("EVALSHA empty script",
                        () -> bare.evalsha(emptyScript, ScriptOutputType.INTEGER, new String[0]), reply -> { }),
                new Operation<>("admission, no pool",
                        () -> oneScript.admit(requestId, null, caller, NO_POOL, PATH), RedisRoundTripComparison::settle),
                new Operation<>("admission, pool (one script)",
                        () -> oneScript.admit(requestId, null, caller, TRANSCRIBE, PATH), RedisRoundTripComparison::settle),
                new Operation<>("same, history per server",
                        () -> withoutFleetHistory.admit(requestId, null, caller, TRANSCRIBE, PATH),
                        RedisRoundTripComparison::settle),
                new Operation<>("admission, pool (two scripts)",
                        () -> twoScripts.admit(requestId, null, caller, TRANSCRIBE, PATH), RedisRoundTripComparison::settle));

        for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
            List<Operation<?>> order = new ArrayList<>(operations);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Operation<?> operation : order) {
                Round measured = threads == 1 ? timeEachCall(operation) : countCalls(operation);
                if (round >= WARM_UP_ROUNDS) {
                    operation.rounds.add(measured);
                }
            }
        }
        print(operations, rounds);
        if (threads == 1) {
            printTimeInRedis(bare, List.of(operations.get(3), operations.get(4)));
        }
    }

    /**
     * Redis's own time per script (its {@code commandstats}) of each of {@code operations},
     * admissions and releases together, over {@value #CALLS_IN_REDIS} calls in ABBA order: the part
     * of the cost that the round trip's noise hides.
     */
    private static void printTimeInRedis(RedisCommands<String, String> bare, List<Operation<?>> operations) {
        Map<Operation<?>, double[]> micros = new LinkedHashMap<>();
        List<Operation<?>> reversed = new ArrayList<>(operations);
        Collections.reverse(reversed);
        for (int pass = 0; pass < 4; pass++) {
            for (Operation<?> operation : pass % 2 == 0 ? operations : reversed) {
                bare.configResetstat();
                for (int i = 0; i < CALLS_IN_REDIS / 2; i++) {
                    operation.call();
                }
                Matcher stats = EVALSHA_STATS.matcher(bare.info("commandstats"));
                if (!stats.find()) {
                    throw new IllegalStateException("no EVALSHA in Redis's commandstats");
                }
                double[] sum = micros.computeIfAbsent(operation, o -> new double[2]);
                sum[0] += Long.parseLong(stats.group(2));
                sum[1] += Long.parseLong(stats.group(1));
            }
        }
        for (Map.Entry<Operation<?>, double[]> entry : micros.entrySet()) {
            System.out.printf(Locale.ROOT, "time in Redis per script, %s (admissions and releases): %.2f µs%n",
                    entry.getKey().name, entry.getValue()[0] / entry.getValue()[1]);
        }
    }

    private static MeteringEngine engine(LimitStore store, Caller caller) {
        return MeteringEngine.create(MeteringConfig.defaults(), hash -> Optional.of(caller), record -> { },
                CapacityLedger.NONE, PriceTable.FREE, store, InstantSource.system());
    }

    private static void settle(Admission admission) {
        if (!admission.admitted()) {
            throw new IllegalStateException("refused: " + admission.rejection());
        }
        admission.settle(200, Usage.NONE, null);
    }

    /** One thread: the timed part of each call and what follows it, in nanoseconds, summed over a round. */
    private <T> Round timeEachCall(Operation<T> operation) {
        long calls = 0;
        long timed = 0;
        long after = 0;
        long end = System.nanoTime() + roundNanos;
        long now = System.nanoTime();
        while (now < end) {
            T result = operation.timed.get();
            long between = System.nanoTime();
            operation.after.accept(result);
            long done = System.nanoTime();
            timed += between - now;
            after += done - between;
            calls++;
            now = done;
        }
        return new Round(calls, timed, after, roundNanos);
    }

    /** Several threads: calls completed (the part after included) in one round. */
    private <T> Round countCalls(Operation<T> operation) throws InterruptedException {
        LongAdder calls = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + roundNanos;
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        operation.after.accept(operation.timed.get());
                        calls.increment();
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        return new Round(calls.sum(), 0, 0, elapsed);
    }

    private void print(List<Operation<?>> operations, int rounds) {
        Operation<?> ping = operations.get(0);
        Operation<?> empty = operations.get(1);
        System.out.printf(Locale.ROOT, "%d thread(s), %d rounds of %d ms after %d warm-up rounds, ABBA order; "
                + "load average before: %s%n", threads, rounds, TimeUnit.NANOSECONDS.toMillis(roundNanos),
                WARM_UP_ROUNDS, loadAverage());
        if (threads == 1) {
            System.out.printf(Locale.ROOT, "%-32s %10s %8s %8s %14s %12s%n", "operation", "µs/call", "×PING",
                    "×script", "paired ×PING", "then, µs");
            for (Operation<?> operation : operations) {
                double micros = operation.median(Round::microsPerCall);
                System.out.printf(Locale.ROOT, "%-32s %10.1f %8.2f %8.2f %14.2f %12.1f%n", operation.name, micros,
                        micros / ping.median(Round::microsPerCall), micros / empty.median(Round::microsPerCall),
                        operation.pairedRatio(ping, Round::microsPerCall), operation.median(Round::microsAfter));
            }
            System.out.println("(\"then\": the release after an admission, or nothing, timed apart)");
        } else {
            System.out.printf(Locale.ROOT, "%-32s %12s %8s %8s %14s%n", "operation", "calls/s", "×PING",
                    "×script", "paired ×PING");
            for (Operation<?> operation : operations) {
                double perSecond = operation.median(Round::perSecond);
                System.out.printf(Locale.ROOT, "%-32s %12.0f %8.2f %8.2f %14.2f%n", operation.name, perSecond,
                        perSecond / ping.median(Round::perSecond), perSecond / empty.median(Round::perSecond),
                        operation.pairedRatio(ping, Round::perSecond));
            }
            System.out.println("(admissions counted with their release)");
        }
        Operation<?> fleetHistory = operations.get(3);
        Operation<?> serverHistory = operations.get(4);
        ToDoubleFunction<Round> figure = threads == 1 ? Round::microsPerCall : Round::perSecond;
        System.out.printf(Locale.ROOT, "%s / %s, paired over rounds: %.3f%s%n", fleetHistory.name, serverHistory.name,
                fleetHistory.pairedRatio(serverHistory, figure), threads == 1 ? " (admission time)" : " (calls/s)");
        if (threads == 1) {
            System.out.printf(Locale.ROOT, "their releases, median µs: %.1f / %.1f%n",
                    fleetHistory.median(Round::microsAfter), serverHistory.median(Round::microsAfter));
        }
        for (Operation<?> operation : operations) {
            System.out.printf(Locale.ROOT, "rounds of %s: %s%n", operation.name,
                    operation.rounds.stream().map(round -> String.format(Locale.ROOT, "%.1f",
                            threads == 1 ? round.microsPerCall() : round.perSecond())).toList());
        }
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** A call to measure ({@code timed}) and what must follow it, untimed with one thread ({@code after}). */
    private static final class Operation<T> {

        final String name;
        final Supplier<T> timed;
        final Consumer<T> after;
        final List<Round> rounds = new ArrayList<>();

        Operation(String name, Supplier<T> timed, Consumer<T> after) {
            this.name = name;
            this.timed = timed;
            this.after = after;
        }

        /** One call and what follows it. */
        void call() {
            after.accept(timed.get());
        }

        double median(ToDoubleFunction<Round> figure) {
            return RedisRoundTripComparison.median(rounds.stream().map(figure::applyAsDouble).toList());
        }

        /** The median over rounds of this operation's figure divided by {@code base}'s in the same round. */
        double pairedRatio(Operation<?> base, ToDoubleFunction<Round> figure) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < rounds.size(); i++) {
                ratios.add(figure.applyAsDouble(rounds.get(i)) / figure.applyAsDouble(base.rounds.get(i)));
            }
            return RedisRoundTripComparison.median(ratios);
        }
    }

    /** One operation's round: calls made, nanoseconds in the timed part and after it, and the round's length. */
    private record Round(long calls, long timedNanos, long afterNanos, long elapsedNanos) {

        double microsPerCall() {
            return timedNanos / 1_000.0 / calls;
        }

        double microsAfter() {
            return afterNanos / 1_000.0 / calls;
        }

        double perSecond() {
            return calls * 1e9 / elapsedNanos;
        }
    }
}
