package dev.speechmeter.internal.engine;

import static dev.speechmeter.internal.engine.EngineFixture.TRANSCRIBE;
import static dev.speechmeter.internal.engine.EngineFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Entry;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.RecordedCapacities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every concurrency history answers, recorded by the engine as it admits and settles requests
 * on a store of this suite and read back through {@link MeteringEngine#concurrencyHistory()}: the
 * same figures whether each server keeps its own or the store keeps the fleet's.
 */
public abstract class ConcurrencyHistoryContract extends LimitStoreContract {

    /** Two minutes before midnight UTC at the end of a year: the day and the hour both turn. */
    private static final Instant START = Instant.parse("2026-12-31T23:58:00Z");
    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");

    private final EngineFixture fixture = fixture();
    private final Caller caller = fixture.caller(Limits.none(), Limits.none());

    {
        fixture.clock.set(START);
    }

    @Test
    void aMinuteHoldsItsSamplesAndAdmissions() {
        fixture.clock.advanceSeconds(5);
        admit();
        admit();
        ok(admit());

        assertThat(minutes(START, 1)).containsExactly(new Entry(START, 60, 1, 3, 1 + 2 + 3 + 2, 4, 3));
    }

    @Test
    void anotherPoolAndAnotherProjectAreApart() {
        admit();
        fixture.admit(fixture.caller(Limits.none(), Limits.none()), TRANSCRIBE);
        fixture.admit(fixture.caller(Limits.none(), Limits.none()), TRANSCRIBE);

        assertThat(minutes(START, 1).get(0).sampleMax()).isEqualTo(1);
        assertThat(history().entries(caller.projectId(), "tts", Resolution.MINUTE, START, 1))
                .containsExactly(Entry.idle(START, 60));
    }

    @Test
    void everyPeriodOfTheWindowIsThereInOrderAndIdleOnesAreZeros() {
        fixture.clock.advanceSeconds(70);
        ok(admit());

        List<Entry> entries = minutes(START.minusSeconds(120), 5);

        assertThat(entries).extracting(Entry::periodStart).containsExactly(START.minusSeconds(120),
                START.minusSeconds(60), START, START.plusSeconds(60), START.plusSeconds(120));
        assertThat(entries).containsExactly(Entry.idle(START.minusSeconds(120), 60), Entry.idle(START.minusSeconds(60), 60),
                Entry.idle(START, 60), new Entry(START.plusSeconds(60), 60, 0, 1, 1, 2, 1),
                Entry.idle(START.plusSeconds(120), 60));
    }

    @Test
    void slotsHeldThroughQuietMinutesCountInEachOfThem() {
        Admission first = admit();
        admit();
        fixture.clock.advanceSeconds(150);
        // Still held in the minute of now, which has had no admission or release.
        List<Entry> held = minutes(START, 4);
        assertThat(held.get(1)).isEqualTo(new Entry(START.plusSeconds(60), 60, 2, 2, 2, 1, 0));
        assertThat(held.get(2)).isEqualTo(new Entry(START.plusSeconds(120), 60, 2, 2, 2, 1, 0));
        assertThat(held.get(3)).as("the future is not known").isEqualTo(Entry.idle(START.plusSeconds(180), 60));

        ok(first);

        // The minute of the release starts with the two slots held, then has one.
        assertThat(minutes(START, 3).get(2)).isEqualTo(new Entry(START.plusSeconds(120), 60, 1, 2, 3, 2, 0));
    }

    @Test
    void quietHoursAndDaysCarryTheLevelOfTheLastSampleBeforeThem() {
        admit();
        admit();
        fixture.clock.set(Instant.parse("2027-01-01T02:30:00Z"));
        Instant newYear = Instant.parse("2027-01-01T00:00:00Z");

        assertThat(history().entries(caller.projectId(), "transcribe", Resolution.HOUR, newYear, 4)).containsExactly(
                new Entry(newYear, 3600, 2, 2, 2, 1, 0), new Entry(newYear.plusSeconds(3600), 3600, 2, 2, 2, 1, 0),
                new Entry(newYear.plusSeconds(7200), 3600, 2, 2, 2, 1, 0), Entry.idle(newYear.plusSeconds(10800), 3600));
        assertThat(history().entries(caller.projectId(), "transcribe", Resolution.DAY, newYear, 1))
                .containsExactly(new Entry(newYear, 86400, 2, 2, 2, 1, 0));
        List<Entry> minutes = minutes(newYear.plusSeconds(7200), 32);
        assertThat(minutes.subList(0, 31)).allSatisfy(minute -> assertThat(minute.sampleMax()).isEqualTo(2));
        assertThat(minutes.get(31)).as("after now").isEqualTo(Entry.idle(newYear.plusSeconds(7200 + 31 * 60), 60));
    }

    @Test
    void anHourAndADayHoldTheExactPeakOfTheirMinutes() {
        Instant hour = START.minusSeconds(58 * 60);
        // Three half minutes peak at 2, 4 and 3; the hour's peak is 4, not an average.
        for (int peak : new int[] {2, 4, 3}) {
            List<Admission> held = new ArrayList<>();
            for (int i = 0; i < peak; i++) {
                held.add(admit());
            }
            held.forEach(EngineFixture::ok);
            fixture.clock.advanceSeconds(30);
        }

        Entry rolled = history().entries(caller.projectId(), "transcribe", Resolution.HOUR, hour, 1).get(0);
        List<Entry> minutes = minutes(START, 2);

        assertThat(minutes.get(0).sampleMax()).isEqualTo(4);
        assertThat(minutes.get(1).sampleMax()).isEqualTo(3);
        assertThat(rolled.sampleMax()).isEqualTo(4);
        assertThat(rolled.sampleMin()).isZero();
        assertThat(rolled.totalCount()).isEqualTo(2 + 4 + 3);
        assertThat(rolled.sampleCount()).isEqualTo(minutes.get(0).sampleCount() + minutes.get(1).sampleCount());
        assertThat(rolled.sampleSum()).isEqualTo(minutes.get(0).sampleSum() + minutes.get(1).sampleSum());
        Entry day = history().entries(caller.projectId(), "transcribe", Resolution.DAY,
                Instant.parse("2026-12-31T00:00:00Z"), 1).get(0);
        assertThat(day).isEqualTo(new Entry(Instant.parse("2026-12-31T00:00:00Z"), 86400, rolled.sampleMin(),
                rolled.sampleMax(), rolled.sampleSum(), rolled.sampleCount(), rolled.totalCount()));
    }

    @Test
    void aPeakAcrossMidnightIsInBothDays() {
        admit();
        admit();
        fixture.clock.set(Instant.parse("2027-01-01T00:00:10Z"));
        ok(admit());

        List<Entry> days = history().entries(caller.projectId(), "transcribe", Resolution.DAY,
                Instant.parse("2026-12-31T00:00:00Z"), 2);

        assertThat(days.get(0)).isEqualTo(new Entry(Instant.parse("2026-12-31T00:00:00Z"), 86400, 1, 2, 3, 2, 2));
        // The new day opens with the two slots carried over: samples 2, 3, 2.
        assertThat(days.get(1)).isEqualTo(new Entry(Instant.parse("2027-01-01T00:00:00Z"), 86400, 2, 3, 7, 3, 1));
    }

    @Test
    void minutesOlderThanAWeekAreIdleAndHoursAreKeptLonger() {
        ok(admit());
        fixture.clock.advance(Resolution.MINUTE.kept().plusMinutes(2));
        admit();

        assertThat(minutes(START, 1)).containsExactly(Entry.idle(START, 60));
        assertThat(history().entries(caller.projectId(), "transcribe", Resolution.HOUR,
                Instant.parse("2026-12-31T23:00:00Z"), 1).get(0).totalCount()).isEqualTo(1);
    }

    @Test
    void onlyAdmittedRequestsAreCountedUntilTheySettle() {
        Caller capped = fixture.caller(Limits.none(), EngineFixture.limits(Limits.concurrent("transcribe"), 2));
        Admission first = fixture.admit(capped, TRANSCRIBE);
        Admission second = fixture.admit(capped, TRANSCRIBE);
        Admission refused = fixture.admit(capped, TRANSCRIBE);
        assertThat(refused.admitted()).isFalse();
        ok(first);
        ok(second);
        ok(first);

        assertThat(history().entries(capped.projectId(), "transcribe", Resolution.MINUTE, START, 1))
                .containsExactly(new Entry(START, 60, 0, 2, 1 + 2 + 1 + 0, 4, 2));
    }

    @Test
    void aRequestACapacityRefusesAfterItsSlotIsTakenLeavesNoTrace() {
        List<RecordedCapacities> capacities = new ArrayList<>();
        EngineFixture checked = fixture(ledger -> {
            capacities.add(new RecordedCapacities(ledger));
            return capacities.get(0);
        });
        checked.clock.set(START);
        MeteredEndpoint labelled = new MeteredEndpoint("transcribe_async", "transcribe", "sync", STT);
        Caller limited = checked.caller(Limits.none(), Limits.none());
        capacities.get(0).setCapacity(CapacityOwner.project(limited.projectId()), STT, BillingPeriod.DAY,
                Duration.ofSeconds(60));

        checked.admit(limited, labelled).settle(200, new Usage("stt", 0, 0, 60_000, 0, 0, 0), null);
        Admission refused = checked.admit(limited, labelled);

        assertThat(refused.rejection().limit()).isEqualTo(Rejection.Limit.CAPACITY);
        assertThat(checked.engine.concurrencyHistory().entries(limited.projectId(), "transcribe", Resolution.MINUTE,
                START, 1)).as("the first request, admitted and settled; nothing of the refused one")
                .containsExactly(new Entry(START, 60, 0, 1, 1, 2, 1));
        assertThat(checked.engine.heldSlotEntries()).isZero();
    }

    @Test
    void theLongestWindowHasEveryPeriodUpToNowAndIdleOnesAfter() {
        admit();

        List<Entry> entries = minutes(START.minus(Duration.ofDays(7)), 20_000);

        assertThat(entries).hasSize(20_000);
        assertThat(entries.get(7 * 24 * 60)).isEqualTo(new Entry(START, 60, 1, 1, 1, 1, 1));
        assertThat(entries.get(7 * 24 * 60 + 1)).isEqualTo(Entry.idle(START.plusSeconds(60), 60));
        assertThat(entries.get(7 * 24 * 60 - 1)).isEqualTo(Entry.idle(START.minusSeconds(60), 60));
    }

    @Test
    void aProjectNeverSeenIsIdleThroughout() {
        assertThat(history().entries(UUID.randomUUID(), "transcribe", Resolution.DAY, START.minus(Duration.ofDays(2)), 3))
                .allSatisfy(day -> assertThat(day.sampleCount()).isZero().isEqualTo(day.sampleMax()));
    }

    private Admission admit() {
        Admission admission = fixture.admit(caller, TRANSCRIBE);
        assertThat(admission.admitted()).isTrue();
        return admission;
    }

    private ConcurrencyHistoryStore history() {
        return fixture.engine.concurrencyHistory();
    }

    private List<Entry> minutes(Instant first, int count) {
        return history().entries(caller.projectId(), "transcribe", Resolution.MINUTE, first, count);
    }
}
