package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.Durability;
import dev.speechmeter.health.HealthReport;
import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.internal.engine.UsageJournal;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage checks over a real group-commit ledger and journal: {@code speechmeter-usage-backlog}
 * goes down while a slow database lets entries pile up past the threshold, and up once they are
 * written; {@code speechmeter-usage-writers} goes down once a writer thread died and could not be
 * replaced.
 */
class UsageHealthTest {

    private static final Caller CALLER = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none());
    private static final int MAX_BACKLOG = 3;

    private final CountDownLatch firstBatchTaken = new CountDownLatch(1);
    private final CountDownLatch databaseFree = new CountDownLatch(1);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path journalDirectory;

    @AfterEach
    void close() throws Exception {
        databaseFree.countDown();
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void entriesWaitingForASlowDatabaseMakeTheBacklogDownUntilTheyAreWritten() throws Exception {
        CountDownLatch allWritten = new CountDownLatch(5);
        BatchingLedger ledger = ledger(blockingUntilFree(allWritten), Thread::new, 1);
        StoreHealth health = health(ledger, journal());
        assertThat(health.usageBacklog().up()).isTrue();

        for (int i = 0; i < 5; i++) {
            ledger.record(record());
        }
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        HealthReport behind = health.usageBacklog();
        databaseFree.countDown();
        assertThat(allWritten.await(10, TimeUnit.SECONDS)).isTrue();
        HealthReport caughtUp = health.usageBacklog();

        assertThat(behind.up()).as(behind.toString()).isFalse();
        assertThat(behind.data()).containsExactlyEntriesOf(ordered("backlog", 4L, "max-backlog", 3L, "queued", 4L,
                "queue-capacity", 20L, "journaled", 0L, "accepting", true));
        assertThat(caughtUp.up()).as(caughtUp.toString()).isTrue();
        assertThat(caughtUp.data()).containsEntry("backlog", 0L);
    }

    @Test
    void entriesInTheJournalCountTowardsTheBacklog() throws Exception {
        CountDownLatch allWritten = new CountDownLatch(5);
        UsageJournal journal = journal();
        BatchingLedger ledger = BatchingLedger.writingTo(blockingUntilFree(allWritten)).writers(1).capacity(20).maxBatch(1)
                .durability(Durability.ASYNC).journal(journal).start();
        opened.add(0, ledger);
        StoreHealth health = health(ledger, journal);

        for (int i = 0; i < 3; i++) {
            ledger.record(record());
        }
        assertThat(firstBatchTaken.await(10, TimeUnit.SECONDS)).isTrue();
        HealthReport queuedOnly = health.usageBacklog();
        journal.append(List.of(record(), record()));
        HealthReport withJournal = health.usageBacklog();
        databaseFree.countDown();
        assertThat(allWritten.await(30, TimeUnit.SECONDS)).as("queued and journaled entries written").isTrue();
        ledger.close();
        HealthReport closed = health.usageBacklog();

        assertThat(queuedOnly.up()).as("two queued").isTrue();
        assertThat(withJournal.up()).isFalse();
        assertThat(withJournal.data()).containsEntry("backlog", 4L).containsEntry("queued", 2L)
                .containsEntry("journaled", 2L);
        assertThat(closed.data()).as("the journal written back").containsEntry("backlog", 0L)
                .containsEntry("accepting", false);
        assertThat(closed.up()).as("a closed ledger takes no more entries").isFalse();
    }

    @Test
    void aWriterThatDiesIsReplacedAndTheWritersStayLive() throws Exception {
        Threads threads = new Threads(3);
        BatchingLedger ledger = ledger(crashingOn(1), threads, 2);
        StoreHealth health = health(ledger, journal());

        ledger.record(record());
        assertThat(threads.ended.await(10, TimeUnit.SECONDS)).as("the writer that crashed ended").isTrue();

        assertThat(threads.made).as("two writers, then the one that replaced the dead one").hasValue(3);
        assertThat(health.usageWriters().up()).isTrue();
        assertThat(health.usageWriters().data()).containsExactlyEntriesOf(ordered("alive", 2L, "writers", 2L));
    }

    @Test
    void aWriterThatDiesAndCannotBeReplacedMakesTheWritersDown() throws Exception {
        Threads threads = new Threads(2);
        BatchingLedger ledger = ledger(crashingOn(1), threads, 2);
        StoreHealth health = health(ledger, journal());
        assertThat(health.usageWriters().up()).isTrue();

        ledger.record(record());
        assertThat(threads.ended.await(10, TimeUnit.SECONDS)).as("the writer that crashed ended").isTrue();

        HealthReport writers = health.usageWriters();
        assertThat(writers.up()).isFalse();
        assertThat(writers.data()).containsExactlyEntriesOf(ordered("alive", 1L, "writers", 2L));
    }

    /** Writes nothing until the database is free, noting each entry written then. */
    private UsageBatchWriter blockingUntilFree(CountDownLatch allWritten) {
        return records -> {
            firstBatchTaken.countDown();
            try {
                databaseFree.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            records.forEach(record -> allWritten.countDown());
        };
    }

    /** A writer whose thread dies of an error on the {@code n}th batch. */
    private static UsageBatchWriter crashingOn(int n) {
        AtomicInteger batches = new AtomicInteger();
        return records -> {
            if (batches.incrementAndGet() == n) {
                throw new WriterCrash();
            }
        };
    }

    private BatchingLedger ledger(UsageBatchWriter writer, ThreadFactory threads, int writers) {
        BatchingLedger ledger = BatchingLedger.writingTo(writer).threads(threads).writers(writers).capacity(20)
                .maxBatch(1).durability(Durability.ASYNC).start();
        opened.add(0, ledger);
        return ledger;
    }

    private StoreHealth health(BatchingLedger ledger, UsageJournal journal) {
        StoreSettings settings = StoreSettings.defaults().withMaxUsageBacklog(MAX_BACKLOG);
        return new StoreHealth(new DatabaseProbe(unused(), true, Thread::new, InstantSource.system(),
                DatabaseProbe.ANSWER_WITHIN), ledger, journal, settings);
    }

    private UsageJournal journal() throws IOException {
        UsageJournal journal = UsageJournal.open(journalDirectory.resolve(UUID.randomUUID().toString()), 1L << 20);
        opened.add(journal);
        return journal;
    }

    private static DataSource unused() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:unused-" + UUID.randomUUID());
        return dataSource;
    }

    private static UsageRecord record() {
        Instant end = Instant.parse("2028-02-29T23:59:59.123456Z");
        return new UsageRecord(UUID.randomUUID(), null, CALLER, "transcribe_async", "/v1/transcriptions", "sync", 200,
                null, end.minusSeconds(2), end, new Usage("stt-async", 0, 0, 2_000, 12, 0, 0), Costs.ZERO);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The error a writer thread dies of. */
    private static final class WriterCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** Makes at most {@code allowed} threads, as a container's factory that refuses more; counts the threads that end. */
    private static final class Threads implements ThreadFactory {

        final AtomicInteger made = new AtomicInteger();
        final CountDownLatch ended = new CountDownLatch(1);
        private final int allowed;

        Threads(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public Thread newThread(Runnable work) {
            if (made.incrementAndGet() > allowed) {
                made.decrementAndGet();
                throw new RejectedExecutionException("no more threads");
            }
            Thread thread = new Thread(() -> {
                try {
                    work.run();
                } finally {
                    ended.countDown();
                }
            });
            thread.setUncaughtExceptionHandler((dead, e) -> { });
            thread.setDaemon(true);
            return thread;
        }
    }
}
