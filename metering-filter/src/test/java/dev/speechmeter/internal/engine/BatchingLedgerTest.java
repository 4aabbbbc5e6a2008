package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.Durability;
import dev.speechmeter.OutagePolicy;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.spi.UsageRejectedException;
import java.io.IOException;
import java.nio.file.Path;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingLedgerTest {

    private static final Caller CALLER = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none());

    private final Set<UUID> committed = ConcurrentHashMap.newKeySet();
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService callers = Executors.newCachedThreadPool();
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
        ledger = ledger(this::commit).capacity(100).maxBatch(10).start();
        UsageRecord record = record();

        ledger.record(record);

        assertThat(committed).contains(record.requestId());
    }

    @Test
    void concurrentRequestsShareCommits() throws Exception {
        // While the first commit is under way, 12 more requests queue up ...
        commitOneWhileMoreWait(12, settings -> settings.capacity(1_000).maxBatch(500));

        // ... and are written together in one more commit.
        assertThat(committed).hasSize(13);
        assertThat(batchSizes).containsExactly(1, 12);
    }

    @Test
    void byDefaultOneCommitTakesMoreThanAThousandWaitingRequestsAndCompletesEachOfThem() throws Exception {
        // More requests wait during one commit than a server with 1,024 in flight ever has queued.
        commitOneWhileMoreWait(1_100, UnaryOperator.identity());

        assertThat(committed).hasSize(1_101);
        assertThat(batchSizes).containsExactly(1, 1_100);
    }

    @Test
    void aStoreThatFailsOnceIsTriedAgainAndTheCallerSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        ledger = ledger(records -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("connection refused");
            }
            commit(records);
        }).capacity(100).maxBatch(10).start();
        UsageRecord record = record();

        ledger.record(record);

        assertThat(committed).containsExactly(record.requestId());
        assertThat(calls).hasValue(2);
        assertThat(pauses).containsExactly(Duration.ofMillis(50));
        assertThat(ledger.outage()).isFalse();
    }

    @Test
    void withoutAJournalAStoreThatKeepsFailingFailsItsCallersNamesTheEntriesAndRefusesNewWork() {
        AtomicInteger calls = new AtomicInteger();
        ledger = ledger(records -> {
            if (calls.getAndIncrement() < 3) {
                throw new IllegalStateException("connection refused");
            }
            commit(records);
        }).capacity(100).maxBatch(10).start();

        assertThatThrownBy(() -> ledger.record(record()))
                .hasMessage("Usage could not be written")
                .hasRootCauseMessage("The usage entry could not be stored: the database could not take them");
        assertThat(calls).as("three tries").hasValue(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(250));
        assertThat(ledger.lost()).isEqualTo(1);
        assertThat(ledger.accepting()).as("nothing could be made durable").isFalse();

        UsageRecord next = record();
        ledger.record(next);
        assertThat(committed).containsExactly(next.requestId());
    }

    @Test
    void aRejectedRecordIsFoundByHalvingItsBatchAndEveryOtherRecordCommits() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        List<UsageRecord> batch = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            batch.add(record());
        }
        UUID bad = batch.get(23).requestId();
        List<Integer> tried = Collections.synchronizedList(new ArrayList<>());
        ledger = ledger(records -> {
            firstBatchStarted.countDown();
            await(releaseFirstBatch);
            tried.add(records.size());
            if (records.stream().anyMatch(record -> record.requestId().equals(bad))) {
                throw new UsageRejectedException("value too long for type character varying(256)", null);
            }
            commit(records);
        }).capacity(100).maxBatch(100).start();
        Future<?> opener = callers.submit(() -> ledger.record(record()));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> calls = new ArrayList<>();
        for (UsageRecord record : batch) {
            calls.add(callers.submit(() -> ledger.record(record)));
        }
        awaitQueued(37);

        releaseFirstBatch.countDown();
        opener.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < calls.size(); i++) {
            Future<?> call = calls.get(i);
            if (batch.get(i).requestId().equals(bad)) {
                assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(UsageRejectedException.class);
            } else {
                call.get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(committed).hasSize(37).doesNotContain(bad);
        assertThat(ledger.rejected()).isEqualTo(1);
        assertThat(ledger.lost()).isZero();
        assertThat(pauses).as("a rejection is not retried").isEmpty();
        // 1 + 37 → 18 | 19 → 9 | 10 → 5 | 5 → 2 | 3 → 1 | 2 → 1 | 1: the bad one alone after 13 tries.
        assertThat(tried).hasSizeLessThanOrEqualTo(1 + 2 * 7);
        assertThat(ledger.accepting()).isTrue();
    }

    @Test
    void aSyncCallerWaitsForItsCommitNoLongerThanTheSyncTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        ledger = ledger(records -> {
            await(release);
            commit(records);
        }).syncTimeout(Duration.ofMillis(50)).start();
        UsageRecord record = record();

        assertThatThrownBy(() -> ledger.record(record)).hasMessage("The usage entry was not durable within PT0.05S");

        release.countDown();
        ledger.close();
        assertThat(committed).as("written once the store answered").containsExactly(record.requestId());
    }

    @Test
    void aWriterThatDiesOfAnErrorIsReplacedAndTheNextRecordIsWritten() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Thread> writerThreads = Collections.synchronizedList(new ArrayList<>());
        ledger = ledger(records -> {
            if (calls.getAndIncrement() == 0) {
                throw new StackOverflowError("deep in the driver");
            }
            commit(records);
        }).threads(recording(writerThreads)).capacity(100).maxBatch(10).start();

        assertThatThrownBy(() -> ledger.record(record())).hasMessage("Usage could not be written");
        UsageRecord next = record();
        ledger.record(next);

        assertThat(committed).containsExactly(next.requestId());
        assertThat(writerThreads).hasSize(2);
        writerThreads.get(0).join(10_000);
        assertThat(writerThreads.get(0).isAlive()).isFalse();
        assertThat(writerThreads.get(1).isAlive()).isTrue();
    }

    @Test
    void whileTheStoreIsDownBatchesGoToTheJournalAndTheFirstBatchItTakesWritesTheJournalBack(@TempDir Path directory)
            throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        try (UsageJournal journal = UsageJournal.open(directory, 1 << 20)) {
            ledger = ledger(records -> {
                if (down.get()) {
                    throw new IllegalStateException("connection refused");
                }
                commit(records);
            }).journal(journal).start();
            List<UsageRecord> during = List.of(record(), record(), record());

            during.forEach(ledger::record);   // each returns: its entry is durable in the journal

            assertThat(committed).isEmpty();
            assertThat(journal.pendingRecords()).isEqualTo(3);
            assertThat(ledger.journaled()).isEqualTo(3);
            assertThat(ledger.outage()).isTrue();
            assertThat(ledger.accepting()).as("the journal policy keeps serving").isTrue();
            assertThat(pauses).as("the first batch was tried three times, the next ones once")
                    .containsExactly(Duration.ofMillis(50), Duration.ofMillis(250));

            down.set(false);
            UsageRecord after = record();
            ledger.record(after);
            // The writer writes the journal back after its batch, whose caller has returned already.
            awaitTrue(() -> !ledger.outage(), "the outage ends");

            assertThat(committed).containsExactlyInAnyOrder(after.requestId(), during.get(0).requestId(),
                    during.get(1).requestId(), during.get(2).requestId());
            assertThat(journal.isEmpty()).isTrue();
            assertThat(ledger.outage()).isFalse();
            assertThat(ledger.lost()).isZero();
        }
    }

    @Test
    void underTheRefusePolicyNewWorkIsRefusedUntilTheJournalIsWrittenBack(@TempDir Path directory) throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        try (UsageJournal journal = UsageJournal.open(directory, 1 << 20)) {
            ledger = ledger(records -> {
                if (down.get()) {
                    throw new IllegalStateException("connection refused");
                }
                commit(records);
            }).journal(journal).onOutage(OutagePolicy.REFUSE).start();
            UsageRecord admitted = record();

            ledger.record(admitted);

            assertThat(ledger.accepting()).isFalse();
            assertThat(journal.pendingRecords()).isEqualTo(1);
            down.set(false);
            UsageRecord late = record();   // settled by a request admitted before the outage
            ledger.record(late);
            awaitTrue(ledger::accepting, "accepting again");
            assertThat(committed).containsExactlyInAnyOrder(admitted.requestId(), late.requestId());
            assertThat(ledger.accepting()).isTrue();
        }
    }

    @Test
    void entriesJournaledBeforeARestartAreWrittenBackOnceTheWritersAreIdle(@TempDir Path directory) throws Exception {
        List<UsageRecord> earlier = List.of(record(), record());
        try (UsageJournal journal = UsageJournal.open(directory, 1 << 20)) {
            journal.append(earlier);
        }
        try (UsageJournal journal = UsageJournal.open(directory, 1 << 20)) {
            ledger = ledger(this::commit).journal(journal).start();

            awaitTrue(journal::isEmpty, "the journal written back");

            assertThat(committed).containsExactlyInAnyOrder(earlier.get(0).requestId(), earlier.get(1).requestId());
            assertThat(journal.isEmpty()).isTrue();
        }
    }

    @Test
    void aFullJournalFailsTheCallersNamesTheEntriesAndRefusesNewWork(@TempDir Path directory) throws Exception {
        try (UsageJournal journal = UsageJournal.open(directory, 64)) {
            ledger = ledger(records -> {
                throw new IllegalStateException("connection refused");
            }).journal(journal).start();

            assertThatThrownBy(() -> ledger.record(record())).hasMessage("Usage could not be written")
                    .hasRootCauseMessage("The usage entry could not be stored: the database could not take them; "
                            + "the journal could not take them either: " + journalFullMessage(journal));
            assertThat(ledger.lost()).isEqualTo(1);
            assertThat(ledger.accepting()).isFalse();
        }
    }

    @Test
    void closeJournalsWhatAStuckWriterHoldsAndWhatIsQueuedAndLeavesNoCallerWaiting(@TempDir Path directory)
            throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        try (UsageJournal journal = UsageJournal.open(directory, 1 << 20)) {
            ledger = ledger(records -> {
                writing.countDown();
                await(stuck);
                commit(records);
            }).journal(journal).maxBatch(1).closeTimeout(Duration.ofMillis(100)).start();
            Future<?> first = callers.submit(() -> ledger.record(record()));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                queued.add(callers.submit(() -> ledger.record(record())));
            }
            awaitQueued(5);

            ledger.close();

            first.get(10, TimeUnit.SECONDS);
            for (Future<?> call : queued) {
                call.get(10, TimeUnit.SECONDS);
            }
            assertThat(journal.pendingRecords()).as("the one in hand and the five queued").isEqualTo(6);
            assertThat(ledger.lost()).isZero();
            stuck.countDown();
        }
    }

    @Test
    void recordRacingCloseNeverStrandsARecord() throws Exception {
        for (int round = 0; round < 10_000; round++) {
            Set<UUID> written = ConcurrentHashMap.newKeySet();
            BatchingLedger raced = ledger(records -> records.forEach(record -> written.add(record.requestId())))
                    .durability(round % 2 == 0 ? Durability.SYNC : Durability.ASYNC).start();
            UsageRecord record = record();
            CountDownLatch go = new CountDownLatch(1);
            Future<Boolean> recorded = callers.submit(() -> {
                go.await();
                try {
                    raced.record(record);
                    return true;
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("The usage ledger is closed");
                    return false;
                }
            });
            go.countDown();
            raced.close();

            boolean taken = recorded.get(10, TimeUnit.SECONDS);
            assertThat(written.contains(record.requestId())).as("round %d: taken %s", round, taken).isEqualTo(taken);
        }
    }

    @Test
    void asyncRecordsReturnAtOnceAndCloseWritesWhatIsQueued() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ledger = ledger(records -> {
            await(release);
            commit(records);
        }).durability(Durability.ASYNC).capacity(1_000).maxBatch(50).start();
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
        ledger = ledger(records -> {
            await(release);
            commit(records);
        }).durability(Durability.ASYNC).capacity(2).maxBatch(1).pushBack(Duration.ofMillis(50)).start();
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
        ledger = ledger(records -> {
            mostAtOnce.accumulateAndGet(writing.incrementAndGet(), Math::max);
            bothWriting.countDown();
            await(bothWriting);     // neither commit ends before the other has started
            writing.decrementAndGet();
            commit(records);
        }).threads(recording(writerThreads)).writers(2).capacity(100).maxBatch(10).start();

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
        ledger = ledger(records -> {
            await(release);
            commit(records);
        }).threads(recording(writerThreads)).writers(3).durability(Durability.ASYNC).capacity(1_000).maxBatch(7)
                .start();
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
        ledger = ledger(records -> {
            await(release);
            written.add(records.stream().map(UsageRecord::requestId).toList());
        }).durability(Durability.ASYNC).capacity(100).maxBatch(50).start();
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

    /** A ledger of one writer whose retries do not wait: the pauses it asks for are kept in {@link #pauses}. */
    /**
     * Starts a ledger with {@code settings}, holds its first commit (of one request) while
     * {@code waiting} more requests queue up, then lets every commit through and waits for each
     * request's answer.
     */
    private void commitOneWhileMoreWait(int waiting, UnaryOperator<BatchingLedger.Builder> settings) throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        ledger = settings.apply(ledger(records -> {
            firstBatchStarted.countDown();
            await(releaseFirstBatch);
            commit(records);
        })).start();
        Future<?> first = callers.submit(() -> ledger.record(record()));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> rest = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            rest.add(callers.submit(() -> ledger.record(record())));
        }
        awaitQueued(waiting);
        releaseFirstBatch.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> future : rest) {
            future.get(10, TimeUnit.SECONDS);
        }
    }

    private BatchingLedger.Builder ledger(UsageBatchWriter writer) {
        return BatchingLedger.writingTo(writer).pause(pauses::add);
    }

    /** What the journal says when a group does not fit. */
    private static String journalFullMessage(UsageJournal journal) {
        try {
            journal.append(List.of(record()));
            throw new AssertionError("the journal took a record");
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static ThreadFactory recording(List<Thread> threads) {
        return runnable -> {
            Thread thread = new Thread(runnable);
            threads.add(thread);
            return thread;
        };
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

    /** Waits, within a bound, for what a writer thread does after its callers have returned. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " in time").isLessThan(deadline);
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
