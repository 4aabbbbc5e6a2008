package dev.speechmeter.internal.engine;

import dev.speechmeter.runtime.MeteringRuntime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * A million requests through the engine the way its adapters drive it (admit, then settle in a
 * {@code finally}, sometimes a second time from a listener, sometimes from another thread), with
 * endpoints that throw, time out or lose their client at random, on four threads and a fake
 * clock: no slot leaks, no pool is ever over its cap, and every admitted request is recorded
 * exactly once.
 */
class FaultStormTest {

    private static final int REQUESTS = 1_000_000;
    private static final int THREADS = 4;
    private static final int TENANTS = 16;
    private static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    private static final MeteredEndpoint TTS = new MeteredEndpoint("tts_rest", "tts", "sync");

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final Set<UUID> recorded = ConcurrentHashMap.newKeySet();
    private final LongAdder duplicates = new LongAdder();
    private final UsageLedger ledger = record -> {
        if (!recorded.add(record.requestId())) {
            duplicates.increment();
        }
    };

    /** The endpoint's part: what ends it. */
    private enum Outcome { OK, THROWS, TIMES_OUT, CLIENT_GONE, SETTLED_TWICE, SETTLED_ELSEWHERE }

    @Test
    void aMillionRequestsWithRandomFailuresLeakNoSlotAndRecordEachAdmissionOnce() throws Exception {
        MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.builder().build()).keys(directory).ledger(ledger).prices(PriceTable.FREE).clock(clock).build().engine();
        List<Caller> callers = new ArrayList<>();
        Map<Caller, AtomicInteger> running = new ConcurrentHashMap<>();
        for (int i = 0; i < TENANTS; i++) {
            Caller caller = directory.add(UUID.randomUUID().toString(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(1_000_000))
                            .with(Limits.concurrent("transcribe"), Cap.atMost(3)),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(1_000_000))
                            .with(Limits.concurrent("transcribe"), Cap.atMost(2))
                            .with(Limits.concurrent("tts"), Cap.atMost(1)));
            callers.add(caller);
            running.put(caller, new AtomicInteger());
        }
        LongAdder admitted = new LongAdder();
        AtomicInteger mostRunning = new AtomicInteger();
        ExecutorService elsewhere = Executors.newFixedThreadPool(2);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 20261201L + t;
            workers.add(threads.submit(() -> {
                Random random = new Random(seed);
                Outcome[] outcomes = Outcome.values();
                for (int i = 0; i < REQUESTS / THREADS; i++) {
                    Caller caller = callers.get(random.nextInt(TENANTS));
                    MeteredEndpoint endpoint = random.nextBoolean() ? TRANSCRIBE : TTS;
                    if (random.nextInt(1_000) == 0) {
                        clock.advance(Duration.ofSeconds(1));
                    }
                    Admission admission = engine.admit(engine.newRequestId(), null, caller, endpoint, "/storm");
                    if (!admission.admitted()) {
                        admission.settle(429, Usage.NONE, null);
                        continue;
                    }
                    admitted.increment();
                    AtomicInteger inPool = running.get(caller);
                    mostRunning.accumulateAndGet(inPool.incrementAndGet(), Math::max);
                    Outcome outcome = outcomes[random.nextInt(outcomes.length)];
                    int status = 200;
                    boolean failed = false;
                    try {
                        switch (outcome) {
                            case THROWS -> throw new IllegalStateException("the model crashed");
                            case TIMES_OUT -> status = 504;
                            case CLIENT_GONE -> failed = true;
                            default -> status = 200;
                        }
                    } catch (IllegalStateException endpointFailure) {
                        status = 500;
                    } finally {
                        inPool.decrementAndGet();
                        if (outcome == Outcome.SETTLED_ELSEWHERE) {
                            Future<?> settled = elsewhere.submit(() -> admission.settle(200, Usage.NONE, null));
                            await(settled);
                        } else {
                            admission.settle(failed ? 500 : status, Usage.NONE, null);
                        }
                        if (outcome == Outcome.SETTLED_TWICE) {
                            assertThat(admission.settle(200, Usage.NONE, null)).isFalse();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();
        elsewhere.shutdown();

        assertThat(engine.heldSlotEntries()).isZero();
        for (Caller caller : callers) {
            ConcurrencyReport report = engine.concurrency(caller);
            assertThat(report.project().current().values()).as("project slots in use").containsOnly(0);
            assertThat(report.organization().current().values()).as("organization slots in use").containsOnly(0);
        }
        assertThat(admitted.sum()).as("most requests admitted").isGreaterThan(REQUESTS / 2);
        assertThat(recorded).hasSize(REQUESTS);   // refused ones are recorded too, as failed requests
        assertThat(duplicates.sum()).isZero();
        assertThat(mostRunning.get()).as("never more at once than the organization's cap of 3 and the pools'")
                .isLessThanOrEqualTo(3);
    }

    private static void await(Future<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
