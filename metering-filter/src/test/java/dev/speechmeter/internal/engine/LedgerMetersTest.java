package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.Durability;
import dev.speechmeter.micrometer.MicrometerEvents;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.spi.UsageRejectedException;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage writer's meters: its queue, its batches and their commits, its journal and what it could not store. */
class LedgerMetersTest {

    private static final Caller CALLER = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerEvents meters = MicrometerEvents.on(registry);
    private BatchingLedger ledger;

    @AfterEach
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void theQueueDepthIsShownAndEachCommitIsTimedWithItsBatchSize() throws Exception {
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        ledger = start(BatchingLedger.writingTo(records -> {
            if (first.getAndSet(false)) {
                firstBatch.countDown();
                await(releaseFirst);
            }
        }).durability(Durability.ASYNC).maxBatch(100));

        ledger.record(record());
        assertThat(firstBatch.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            ledger.record(record());
        }
        double queued = registry.get("speechmeter.usage.queued").gauge().value();
        releaseFirst.countDown();
        awaitTrue(() -> writes("stored") == 2, "both batches committed");

        assertThat(queued).isEqualTo(5);
        assertThat(registry.get("speechmeter.usage.queued").gauge().value()).isZero();
        HistogramSnapshot sizes = registry.get("speechmeter.usage.batch.size").summary().takeSnapshot();
        assertThat(sizes.count()).isEqualTo(2);
        assertThat(sizes.total()).isEqualTo(6);
        assertThat(sizes.max()).isEqualTo(5);
        assertThat(registry.get("speechmeter.usage.batch.writes").tag("outcome", "stored").timer()
                .totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void anOutageIsShownByTheJournalGrowingAndEndsWhenTheDatabaseTakesEntriesAgain(@TempDir Path directory)
            throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        try (UsageJournal journal = UsageJournal.open(directory, 1 << 20)) {
            ledger = start(BatchingLedger.writingTo(records -> {
                if (down.get()) {
                    throw new IllegalStateException("connection refused");
                }
            }).journal(journal));

            ledger.record(record());

            assertThat(writes("failed")).as("the first try and two more").isEqualTo(3);
            assertThat(registry.get("speechmeter.usage.journaled").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("speechmeter.usage.journal.entries").gauge().value()).isEqualTo(1);
            assertThat(registry.get("speechmeter.usage.journal.size").gauge().value()).isPositive();
            assertThat(registry.get("speechmeter.usage.outage").gauge().value()).isEqualTo(1);

            down.set(false);
            ledger.record(record());
            awaitTrue(() -> registry.get("speechmeter.usage.outage").gauge().value() == 0, "the outage over");

            assertThat(registry.get("speechmeter.usage.journal.entries").gauge().value()).isZero();
            assertThat(writes("stored")).as("the new entry, then the journal's").isEqualTo(2);
        }
    }

    @Test
    void entriesTheDatabaseRejectsAndEntriesNotStoredAtAllAreCounted() {
        UsageRecord bad = record();
        ledger = start(BatchingLedger.writingTo(records -> {
            if (records.contains(bad)) {
                throw new UsageRejectedException("value too long for type character varying(256)", null);
            }
            throw new IllegalStateException("connection refused");
        }));

        assertThatThrownBy(() -> ledger.record(bad)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ledger.record(record())).isInstanceOf(IllegalStateException.class);

        assertThat(registry.get("speechmeter.usage.rejected").functionCounter().count()).isEqualTo(1);
        assertThat(writes("rejected")).isEqualTo(1);
        assertThat(registry.get("speechmeter.usage.lost").functionCounter().count()).as("no journal").isEqualTo(1);
        assertThat(registry.find("speechmeter.usage.journal.entries").gauge()).as("no journal, no gauge").isNull();
    }

    @Test
    void closingTheMetersTakesThemOutOfTheRegistry() {
        ledger = start(BatchingLedger.writingTo(records -> { }));

        meters.close();

        assertThat(registry.getMeters()).isEmpty();
    }

    private BatchingLedger start(BatchingLedger.Builder builder) {
        BatchingLedger started = builder.pause(duration -> { }).start();
        started.reportTo(meters);
        return started;
    }

    private long writes(String outcome) {
        return registry.get("speechmeter.usage.batch.writes").tag("outcome", outcome).timer().count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " in time").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    private static UsageRecord record() {
        Instant now = Instant.parse("2026-11-30T23:59:59Z");
        return new UsageRecord(UUID.randomUUID(), null, CALLER, "tts_rest", "/tts", "sync", 200, null, now, now,
                Usage.NONE, Costs.ZERO);
    }
}
