package dev.speechmeter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.Durability;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingLedgerTest {

    private static final Caller CALLER = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none());

    private final Set<UUID> committed = ConcurrentHashMap.newKeySet();
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private BatchingLedger ledger;

    @AfterEach
    void stop() throws InterruptedException {
        if (ledger != null) {
            ledger.close();
        }
        callers.shutdownNow();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSyncRecordReturnsOnlyOnceItsBatchIsCommitted() {
        ledger = new BatchingLedger(this::commit, Thread::new, Durability.SYNC, 100, 10, Duration.ofSeconds(5));
        UsageRecord record = record();

        ledger.record(record);

        assertThat(committed).contains(record.requestId());
    }

    @Test
    void concurrentRequestsShareCommits() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        ledger = new BatchingLedger(records -> {
            firstBatchStarted.countDown();
            await(releaseFirstBatch);
            commit(records);
        }, Thread::new, Durability.SYNC, 1_000, 500, Duration.ofSeconds(5));
        Future<?> first = callers.submit(() -> ledger.record(record()));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // While the first commit is under way, 12 more requests queue up ...
        List<Future<?>> rest = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rest.add(callers.submit(() -> ledger.record(record())));
        }
        awaitQueued(12);
        releaseFirstBatch.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> future : rest) {
            future.get(10, TimeUnit.SECONDS);
        }

        // ... and are written together in one more commit.
        assertThat(committed).hasSize(13);
        assertThat(batchSizes).containsExactly(1, 12);
    }

    @Test
    void aFailedCommitFailsItsCallersAndTheNextBatchStillWrites() {
        AtomicInteger calls = new AtomicInteger();
        ledger = new BatchingLedger(records -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("connection refused");
            }
            commit(records);
        }, Thread::new, Durability.SYNC, 100, 10, Duration.ofSeconds(5));

        assertThatThrownBy(() -> ledger.record(record()))
                .hasMessage("Usage could not be written")
                .hasRootCauseMessage("connection refused");
        UsageRecord next = record();
        ledger.record(next);
        assertThat(committed).containsExactly(next.requestId());
    }

    @Test
    void asyncRecordsReturnAtOnceAndCloseWritesWhatIsQueued() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ledger = new BatchingLedger(records -> {
            await(release);
            commit(records);
        }, Thread::new, Durability.ASYNC, 1_000, 50, Duration.ofSeconds(5));
        for (int i = 0; i < 300; i++) {
            ledger.record(record());
        }
        assertThat(committed).isEmpty();

        release.countDown();
        ledger.close();

        assertThat(committed).hasSize(300);
        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(50));
        assertThatThrownBy(() -> ledger.record(record())).hasMessage("The usage ledger is closed");
    }

    @Test
    void aFullQueuePushesBackInsteadOfDropping() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ledger = new BatchingLedger(records -> {
            await(release);
            commit(records);
        }, Thread::new, Durability.ASYNC, 2, 1, Duration.ofMillis(50));
        ledger.record(record());  // taken by the writer, which waits
        awaitQueued(0);
        ledger.record(record());
        ledger.record(record());  // the queue of 2 is full now

        assertThatThrownBy(() -> ledger.record(record())).hasMessageContaining("stayed full");

        release.countDown();
        ledger.close();
        assertThat(committed).hasSize(3);
    }

    @Test
    void withTwoWritersTheNextBatchIsWrittenWhileTheFirstIsStillCommitting() throws Exception {
        CountDownLatch bothWriting = new CountDownLatch(2);
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Thread> writerThreads = Collections.synchronizedList(new ArrayList<>());
        ledger = new BatchingLedger(records -> {
            mostAtOnce.accumulateAndGet(writing.incrementAndGet(), Math::max);
            bothWriting.countDown();
            await(bothWriting);     // neither commit ends before the other has started
            writing.decrementAndGet();
            commit(records);
        }, runnable -> {
            Thread thread = new Thread(runnable);
            writerThreads.add(thread);
            return thread;
        }, 2, Durability.SYNC, 100, 10, Duration.ofSeconds(5));

        Future<?> first = callers.submit(() -> ledger.record(record()));
        awaitWriting(writing, 1);   // the first batch is in a writer, so the second cannot join it
        Future<?> second = callers.submit(() -> ledger.record(record()));
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);

        assertThat(mostAtOnce).hasValue(2);
        assertThat(committed).hasSize(2);
        ledger.close();
        assertThat(writerThreads).hasSize(2).noneMatch(Thread::isAlive);
    }

    @Test
    void closingSeveralWritersWritesEverythingQueuedAndStopsThemAll() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> writerThreads = Collections.synchronizedList(new ArrayList<>());
        ledger = new BatchingLedger(records -> {
            await(release);
            commit(records);
        }, runnable -> {
            Thread thread = new Thread(runnable);
            writerThreads.add(thread);
            return thread;
        }, 3, Durability.ASYNC, 1_000, 7, Duration.ofSeconds(5));
        for (int i = 0; i < 200; i++) {
            ledger.record(record());
        }

        release.countDown();
        ledger.close();

        assertThat(committed).hasSize(200);
        assertThat(writerThreads).hasSize(3).noneMatch(Thread::isAlive);
        assertThat(ledger.queued()).isZero();
    }

    @Test
    void aBatchReachesTheStoreInIdOrderSoThatTwoWritersLockIdsAlike() throws Exception {
        List<List<UUID>> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        ledger = new BatchingLedger(records -> {
            await(release);
            written.add(records.stream().map(UsageRecord::requestId).toList());
        }, Thread::new, Durability.ASYNC, 100, 50, Duration.ofSeconds(5));
        ledger.record(record());                    // taken alone, waits for release
        awaitQueued(0);
        for (int i = 0; i < 20; i++) {
            ledger.record(record());                // random ids, queued together
        }

        release.countDown();
        ledger.close();

        assertThat(written).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(ids -> assertThat(ids).isSorted());
        assertThat(written.stream().mapToInt(List::size).sum()).isEqualTo(21);
    }

    private void commit(List<UsageRecord> records) {
        batchSizes.add(records.size());
        records.forEach(record -> committed.add(record.requestId()));
    }

    private void awaitQueued(int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ledger.queued() != size) {
            assertThat(System.nanoTime()).as("%d queued in time", size).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    private static void awaitWriting(AtomicInteger writing, int batches) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writing.get() < batches) {
            assertThat(System.nanoTime()).as("%d batches being written in time", batches).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static UsageRecord record() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        return new UsageRecord(UUID.randomUUID(), null, CALLER, "tts_rest", "/tts", "sync", 200, null, now, now,
                Usage.NONE, Costs.ZERO);
    }
}
