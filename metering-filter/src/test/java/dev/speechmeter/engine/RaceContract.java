package dev.speechmeter.engine;

import static dev.speechmeter.engine.EngineFixture.TRANSCRIBE;
import static dev.speechmeter.engine.EngineFixture.ok;
import static dev.speechmeter.engine.EngineFixture.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/** Many more callers than the limit, released at once: exactly the limit gets through. */
public abstract class RaceContract extends LimitStoreContract {

    private static final int THREADS = 32;
    private static final int CALLS_PER_THREAD = 50;

    private static final Limits UNLIMITED_RATE = Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited());

    private final EngineFixture fixture = fixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @RepeatedTest(5)
    void exactlyTheRequestRateIsAdmittedAcrossTwoProjectsOfOneOrganization() throws Exception {
        UUID organization = UUID.randomUUID();
        Caller a = fixture.directory.add("a", organization, rpm(300), rpm(200));
        Caller b = fixture.directory.add("b", organization, rpm(300), rpm(200));
        AtomicInteger admittedA = new AtomicInteger();
        AtomicInteger admittedB = new AtomicInteger();

        race(thread -> {
            Caller caller = thread % 2 == 0 ? a : b;
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                Admission admission = fixture.admit(caller);
                if (admission.admitted()) {
                    (caller == a ? admittedA : admittedB).incrementAndGet();
                }
                ok(admission);
            }
        });

        assertThat(admittedA.get() + admittedB.get()).isEqualTo(300);
        assertThat(admittedA.get()).isLessThanOrEqualTo(200);
        assertThat(admittedB.get()).isLessThanOrEqualTo(200);
    }

    @RepeatedTest(5)
    void neverMoreSlotsThanThePoolAndEverySlotComesBack() throws Exception {
        Caller caller = fixture.caller(UNLIMITED_RATE.with(Limits.concurrent("transcribe"), Cap.atMost(7)),
                UNLIMITED_RATE);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();

        race(thread -> {
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                Admission admission = fixture.admit(caller, TRANSCRIBE);
                if (admission.admitted()) {
                    admitted.incrementAndGet();
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    inFlight.decrementAndGet();
                    admission.settle(thread % 3 == 0 ? 500 : 200, Usage.NONE, null);
                } else {
                    ok(admission);
                }
            }
        });

        assertThat(maxInFlight.get()).isLessThanOrEqualTo(7);
        assertThat(admitted.get()).isPositive();
        assertThat(fixture.engine.heldSlotEntries()).isZero();
        assertThat(fixture.engine.concurrency(caller).organization().current()).containsEntry("transcribe_concurrent", 0);
        assertThat(fixture.ledger.records()).hasSize(THREADS * CALLS_PER_THREAD);
    }

    @RepeatedTest(3)
    void heldSlotsAreExactlyThePoolSize() throws Exception {
        Caller caller = fixture.caller(UNLIMITED_RATE, UNLIMITED_RATE.with(Limits.concurrent("transcribe"), Cap.atMost(5)));
        List<Admission> held = Collections.synchronizedList(new ArrayList<>());

        race(thread -> {
            Admission admission = fixture.admit(caller, TRANSCRIBE);
            if (admission.admitted()) {
                held.add(admission);
            }
        });

        assertThat(held).hasSize(5);
        held.forEach(EngineFixture::ok);
        assertThat(fixture.engine.heldSlotEntries()).isZero();
        assertThat(fixture.engine.concurrency(caller).project().current()).containsEntry("transcribe_concurrent", 0);
    }

    private void race(ThreadBody body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                body.run(thread);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface ThreadBody {
        void run(int thread) throws Exception;
    }
}
