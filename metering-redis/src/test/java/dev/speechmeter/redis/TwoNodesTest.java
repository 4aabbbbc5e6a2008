package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.engine.Admission;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import java.util.ArrayList;
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

/** Two servers sharing one Redis, hammering one project from many threads at once. */
class TwoNodesTest {

    private static final int THREADS_PER_NODE = 16;
    private static final int CALLS_PER_THREAD = 40;

    private final FakeClock clock = new FakeClock();
    private final Node first = Node.onClock(TestRedis.shared().settings(), clock);
    private final Node second = Node.onClock(TestRedis.shared().settings(), clock);
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
    void neverMoreSlotsThanThePoolAcrossTheFleetAndEverySlotComesBack() throws Exception {
        Limits unlimitedRate = Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited());
        Caller caller = caller(unlimitedRate.with(Limits.concurrent("transcribe"), Cap.atMost(12)),
                unlimitedRate.with(Limits.concurrent("transcribe"), Cap.atMost(7)));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();

        race(node -> {
            Admission admission = node.admit(caller, Node.TRANSCRIBE);
            if (admission.admitted()) {
                admitted.incrementAndGet();
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                inFlight.decrementAndGet();
            }
            admission.settle(200, Usage.NONE, null);
        });

        assertThat(maxInFlight.get()).isLessThanOrEqualTo(7);
        assertThat(admitted.get()).isGreaterThanOrEqualTo(7);
        assertThat(first.projectSlots(caller)).isZero();
        assertThat(second.organizationSlots(caller)).isZero();
        assertThat(first.store.heldLeases() + second.store.heldLeases()).isZero();
    }

    private static Caller caller(Limits organization, Limits project) {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), organization, project);
    }

    private void race(NodeCall call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
            Node node = t % 2 == 0 ? first : second;
            futures.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    call.on(node);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface NodeCall {
        void on(Node node);
    }
}
