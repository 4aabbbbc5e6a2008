package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Entry;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What only the history a server keeps in its memory promises: it is bounded, and it cannot fail a
 * request. What every history answers is {@link ConcurrencyHistoryContract}.
 */
class ConcurrencyHistoryTest {

    private static final Instant START = Instant.parse("2026-12-31T23:58:00Z");

    private final FakeClock clock = new FakeClock(START);

    @Test
    void allHistoriesTogetherKeepAtMostTheirBound() {
        ConcurrencyHistory small = new ConcurrencyHistory(clock, 300);
        List<UUID> projects = new ArrayList<>();
        for (int minute = 0; minute < 200; minute++) {
            SlotLease busy = lease(UUID.randomUUID());
            projects.add(busy.project());
            small.admitted(busy);
            small.released(busy);
            clock.advanceSeconds(60);
        }

        long kept = projects.stream()
                .filter(id -> small.entries(id, "transcribe", Resolution.DAY, Instant.parse("2026-12-31T00:00:00Z"), 2)
                        .stream().anyMatch(entry -> entry.totalCount() > 0))
                .count();

        // Each history weighs three periods (a minute, an hour, a day): at most 100 fit in 300.
        assertThat(kept).as("histories kept").isPositive().isLessThanOrEqualTo(100);
    }

    @Test
    void aHistoryGrowingInPlaceIsWeighedAgain() {
        ConcurrencyHistory small = new ConcurrencyHistory(clock, 50);
        SlotLease lease = lease(UUID.randomUUID());
        for (int minute = 0; minute < 60; minute++) {
            small.admitted(lease);
            small.released(lease);
            clock.advanceSeconds(60);
        }

        // Weighed once at its creation, the history would keep all 60 admissions; weighed as it grows,
        // it passes the bound of 50 periods, is evicted, and what follows starts a new one.
        long kept = small.entries(lease.project(), "transcribe", Resolution.DAY,
                Instant.parse("2026-12-31T00:00:00Z"), 2).stream().mapToLong(Entry::totalCount).sum();
        assertThat(kept).as("admissions kept").isPositive().isLessThan(50);
    }

    @Test
    void aProjectBusyEveryMinuteForNineDaysKeepsExactlyTheLastWeekOfMinutes() {
        ConcurrencyHistory history = new ConcurrencyHistory(clock, ConcurrencyHistory.DEFAULT_MAX_PERIODS);
        SlotLease lease = lease(UUID.randomUUID());
        int minutes = 9 * 24 * 60;
        for (int minute = 0; minute < minutes; minute++) {
            history.admitted(lease);
            clock.advanceSeconds(30);
            history.released(lease);
            clock.advanceSeconds(30);
        }
        int week = 7 * 24 * 60;

        List<Entry> entries = history.entries(lease.project(), "transcribe", Resolution.MINUTE,
                START.minusSeconds(60), minutes + 1);

        // Kept periods are those up to a week before the latest, as their ring of records wraps around.
        assertThat(entries.subList(minutes - week, minutes + 1).stream()
                .filter(entry -> entry.sampleCount() == 2 && entry.totalCount() == 1 && entry.sampleMax() == 1)
                .count()).as("minutes of the last week").isEqualTo(week + 1);
        assertThat(entries.subList(0, minutes - week).stream().filter(entry -> entry.sampleCount() > 0).count())
                .as("minutes before").isZero();
        assertThat(history.entries(lease.project(), "transcribe", Resolution.HOUR, START.minusSeconds(3600), 9 * 24 + 2)
                .stream().mapToLong(Entry::totalCount).sum()).as("every hour kept").isEqualTo(minutes);
    }

    @Test
    void aFailureToRecordDoesNotReachTheRequest() {
        ConcurrencyHistory broken = new ConcurrencyHistory(() -> {
            throw new IllegalStateException("no time");
        }, 100);
        SlotLease lease = lease(UUID.randomUUID());

        broken.admitted(lease);
        broken.released(lease);
    }

    @Test
    void aHistoryStoreThatFailsNeitherRefusesARequestNorKeepsItsSlot() {
        LocalLimitStore local = new LocalLimitStore(clock, 1_000);
        ConcurrencyHistoryStore failing = (ConcurrencyHistoryStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConcurrencyHistoryStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("the history's store is down");
                });
        LimitStore store = (LimitStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LimitStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("concurrencyHistory")) {
                        return failing;
                    }
                    try {
                        return method.invoke(local, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MapKeyDirectory directory = new MapKeyDirectory();
        MeteringEngine engine = MeteringEngine.create(MeteringConfig.defaults(), directory, new RecordingLedger(),
                CapacityLedger.NONE, PriceTable.FREE, store, clock);
        Caller caller = directory.add("key", Limits.none(), Limits.none());

        Admission admission = engine.admit(engine.newRequestId(), null, caller, EngineFixture.TRANSCRIBE, "/v1/x");
        assertThat(admission.admitted()).isTrue();
        assertThat(local.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe")).isEqualTo(1);
        EngineFixture.ok(admission);

        assertThat(local.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe")).isZero();
        assertThat(engine.heldSlotEntries()).isZero();
    }

    private static SlotLease lease(UUID project) {
        return new SlotLease(UUID.randomUUID().toString(), "transcribe", UUID.randomUUID(), project);
    }
}
