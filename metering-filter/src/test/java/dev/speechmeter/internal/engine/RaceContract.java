package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import static dev.speechmeter.internal.engine.EngineFixture.TRANSCRIBE;
import static dev.speechmeter.internal.engine.EngineFixture.ok;
import static dev.speechmeter.internal.engine.EngineFixture.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Many more callers than the limit, released at once: exactly the limit gets through, and the
 * store, asked afterwards, holds none of their slots.
 */
public abstract class RaceContract extends LimitStoreContract {

    private static final int THREADS = 32;
    private static final int CALLS_PER_THREAD = 50;
    private static final int ROUNDS = 10;

    private static final Limits UNLIMITED_RATE = Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited());

    private final EngineFixture fixture = fixture();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
    void exactlyThePoolIsHeldAtOnceAndEverySlotComesBack() throws Exception {
        Caller caller = fixture.caller(UNLIMITED_RATE.with(Limits.concurrent("transcribe"), Cap.atMost(7)),
                UNLIMITED_RATE);

        for (int round = 0; round < ROUNDS; round++) {
            AtomicInteger admitted = new AtomicInteger();
            CountDownLatch answered = new CountDownLatch(THREADS);
            CountDownLatch release = new CountDownLatch(1);

            race(thread -> {
                Admission admission = fixture.admit(caller, TRANSCRIBE);
                if (admission.admitted()) {
                    admitted.incrementAndGet();
                }
                answered.countDown();
                if (admission.admitted()) {
                    // Every admitted caller holds its slot until all the others have had their answer.
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                    admission.settle(thread % 3 == 0 ? 500 : 200, Usage.NONE, null);
                } else {
                    ok(admission);
                }
            }, () -> {
                assertThat(answered.await(30, TimeUnit.SECONDS)).as("every caller answered").isTrue();
                assertThat(admitted).as("admitted while every slot is held").hasValue(7);
                assertThat(slotsInUse(caller)).as("organization and project slots in the store").containsExactly(7, 7);
            }, release);

            assertThat(slotsInUse(caller)).as("every slot back in the store").containsExactly(0, 0);
        }
        assertThat(fixture.engine.concurrency(caller).organization().current()).containsEntry("transcribe_concurrent", 0);
        assertThat(fixture.ledger.records()).hasSize(ROUNDS * THREADS);
    }

    @RepeatedTest(3)
    void heldSlotsAreExactlyThePoolSize() throws Exception {
        Caller caller = fixture.caller(UNLIMITED_RATE, UNLIMITED_RATE.with(Limits.concurrent("transcribe"), Cap.atMost(5)));
        List<Admission> held = Collections.synchronizedList(new ArrayList<>());

        race(thread -> {
            Admission admission = fixture.admit(caller, TRANSCRIBE);
            if (admission.admitted()) {
                held.add(admission);
            } else {
                ok(admission);
            }
        });

        assertThat(held).hasSize(5);
        assertThat(slotsInUse(caller)).as("organization and project slots in the store").containsExactly(5, 5);
        held.forEach(EngineFixture::ok);
        assertThat(slotsInUse(caller)).as("every slot back in the store").containsExactly(0, 0);
        assertThat(fixture.engine.concurrency(caller).project().current()).containsEntry("transcribe_concurrent", 0);
    }

    /** The transcribe slots the store counts for the caller's organization and project. */
    private List<Integer> slotsInUse(Caller caller) {
        LimitStore store = fixture.engine.limitStore();
        return List.of(store.slotsInUse(Level.ORGANIZATION, caller.organizationId(), "transcribe"),
                store.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe"));
    }

    private void race(Race.ThreadBody body) throws Exception {
        Race.run(pool, THREADS, TIMEOUT, body);
    }

    private void race(Race.ThreadBody body, Race.Check whileRunning, CountDownLatch release) throws Exception {
        Race.run(pool, THREADS, TIMEOUT, body, whileRunning, release);
    }
}
