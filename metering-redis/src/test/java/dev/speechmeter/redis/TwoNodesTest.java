package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.Race;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/** Two servers sharing one Redis, hammering one project from many threads at once. */
class TwoNodesTest {

    private static final int THREADS_PER_NODE = 16;
    private static final int CALLS_PER_THREAD = 40;
    private static final int ROUNDS = 5;

    private final FakeClock clock = new FakeClock();
    private final Node first = Node.onClock(TestRedis.shared().settings(), clock).connected();
    private final Node second = Node.onClock(TestRedis.shared().settings(), clock).connected();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.store.fallbacks() + second.store.fallbacks()).as("decisions without Redis").isZero();
        first.close();
        second.close();
    }

    @RepeatedTest(3)
    void theFleetAdmitsExactlyTheProjectsRequestRate() throws Exception {
        Caller caller = caller(Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(1_000)),
                Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(300)));
        AtomicInteger admitted = new AtomicInteger();

        race(node -> {
            Admission admission = node.admit(caller, Node.NO_POOL);
            if (admission.admitted()) {
                admitted.incrementAndGet();
            }
            admission.settle(200, Usage.NONE, null);
        });

        assertThat(admitted.get()).isEqualTo(300);
    }

    @RepeatedTest(3)
    void exactlyThePoolIsHeldAcrossTheFleetAndEverySlotComesBack() throws Exception {
        Limits unlimitedRate = Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited());
        Caller caller = caller(unlimitedRate.with(Limits.concurrent("transcribe"), Cap.atMost(12)),
                unlimitedRate.with(Limits.concurrent("transcribe"), Cap.atMost(7)));

        for (int round = 0; round < ROUNDS; round++) {
            AtomicInteger admitted = new AtomicInteger();
            CountDownLatch answered = new CountDownLatch(2 * THREADS_PER_NODE);
            CountDownLatch release = new CountDownLatch(1);

            raceOnce(node -> {
                Admission admission = node.admit(caller, Node.TRANSCRIBE);
                if (admission.admitted()) {
                    admitted.incrementAndGet();
                }
                answered.countDown();
                if (admission.admitted()) {
                    // Every admitted caller holds its slot until all the others, on both nodes, have had their answer.
                    assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                }
                admission.settle(200, Usage.NONE, null);
            }, () -> {
                assertThat(answered.await(60, TimeUnit.SECONDS)).as("every caller answered").isTrue();
                assertThat(admitted).as("admitted by the fleet while every slot is held").hasValue(7);
                assertThat(first.projectSlots(caller)).as("project slots in Redis").isEqualTo(7);
                assertThat(second.organizationSlots(caller)).as("organization slots in Redis").isEqualTo(7);
                assertThat(first.store.heldLeases() + second.store.heldLeases()).isEqualTo(7);
            }, release);

            assertThat(first.projectSlots(caller)).as("project slots back in Redis").isZero();
            assertThat(second.organizationSlots(caller)).as("organization slots back in Redis").isZero();
            assertThat(first.store.heldLeases() + second.store.heldLeases()).isZero();
        }
    }

    private static Caller caller(Limits organization, Limits project) {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), organization, project);
    }

    /** Each thread calls {@value #CALLS_PER_THREAD} times, on the first node or the second in turn. */
    private void race(NodeCall call) throws Exception {
        Race.run(threads, 2 * THREADS_PER_NODE, TIMEOUT, thread -> {
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                call.on(nodeOf(thread));
            }
        });
    }

    /**
     * Every thread calls once, all released at once; {@code whileRunning} runs on this thread as
     * they go. {@code release} is counted down in any case, so that no thread is left waiting on it.
     */
    private void raceOnce(NodeCall call, Race.Check whileRunning, CountDownLatch release) throws Exception {
        Race.run(threads, 2 * THREADS_PER_NODE, TIMEOUT, thread -> call.on(nodeOf(thread)), whileRunning, release);
    }

    private Node nodeOf(int thread) {
        return thread % 2 == 0 ? first : second;
    }

    @FunctionalInterface
    private interface NodeCall {
        void on(Node node) throws Exception;
    }
}
