package dev.speechmeter.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.speechmeter.internal.engine.ConcurrencyHistory.Entry;
import dev.speechmeter.internal.engine.ConcurrencyHistory.Resolution;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConcurrencyHistoryTest {

    /** Two minutes before midnight UTC at the end of a year: the day and the hour both turn. */
    private static final Instant START = Instant.parse("2026-12-31T23:58:00Z");

    private final FakeClock clock = new FakeClock(START);
    private final ConcurrencyHistory history = new ConcurrencyHistory(clock, ConcurrencyHistory.DEFAULT_MAX_PERIODS);
    private final UUID project = UUID.randomUUID();

    @Test
    void aMinuteHoldsItsSamplesAndAdmissions() {
        clock.advanceSeconds(5);
        history.admitted(project, "transcribe");
        history.admitted(project, "transcribe");
        history.admitted(project, "transcribe");
        history.released(project, "transcribe");

        Entry minute = minutes(START, 1).get(0);

        assertEquals(new Entry(START, 60, 1, 3, 1 + 2 + 3 + 2, 4, 3), minute);
    }

    @Test
    void anotherPoolAndAnotherProjectAreApart() {
        history.admitted(project, "transcribe");
        history.admitted(UUID.randomUUID(), "transcribe");

        assertEquals(1, minutes(START, 1).get(0).sampleMax());
        assertEquals(Entry.idle(START, 60), history.entries(project, "tts", Resolution.MINUTE, START, 1).get(0));
    }

    @Test
    void everyPeriodOfTheWindowIsThereInOrderAndIdleOnesAreZeros() {
        clock.advanceSeconds(70);
        history.admitted(project, "transcribe");
        history.released(project, "transcribe");

        List<Entry> entries = minutes(START.minusSeconds(120), 5);

        assertEquals(5, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(START.plusSeconds(60L * (i - 2)), entries.get(i).periodStart());
        }
        assertEquals(Entry.idle(START.minusSeconds(120), 60), entries.get(0));
        assertEquals(Entry.idle(START, 60), entries.get(2));
        assertEquals(new Entry(START.plusSeconds(60), 60, 0, 1, 1, 2, 1), entries.get(3));
        assertEquals(Entry.idle(START.plusSeconds(120), 60), entries.get(4));
    }

    @Test
    void slotsHeldThroughQuietMinutesCountInEachOfThem() {
        history.admitted(project, "transcribe");
        history.admitted(project, "transcribe");
        clock.advanceSeconds(150);
        // Still held in the minute of now, which has had no admission or release.
        List<Entry> held = minutes(START, 4);
        assertEquals(new Entry(START.plusSeconds(60), 60, 2, 2, 2, 1, 0), held.get(1));
        assertEquals(new Entry(START.plusSeconds(120), 60, 2, 2, 2, 1, 0), held.get(2));
        assertEquals(Entry.idle(START.plusSeconds(180), 60), held.get(3), "the future is not known");

        history.released(project, "transcribe");

        // The minute of the release starts with the two slots held, then has one.
        assertEquals(new Entry(START.plusSeconds(120), 60, 1, 2, 3, 2, 0), minutes(START, 3).get(2));
    }

    @Test
    void anHourAndADayHoldTheExactPeakOfTheirMinutes() {
        Instant hour = START.minusSeconds(58 * 60);
        // Three minutes of the hour peak at 2, 4 and 3; the hour's peak is 4, not an average.
        int[] peaks = {2, 4, 3};
        for (int peak : peaks) {
            for (int i = 0; i < peak; i++) {
                history.admitted(project, "transcribe");
            }
            for (int i = 0; i < peak; i++) {
                history.released(project, "transcribe");
            }
            clock.advanceSeconds(30);
        }

        Entry rolled = history.entries(project, "transcribe", Resolution.HOUR, hour, 1).get(0);
        List<Entry> minutes = minutes(START, 2);

        assertEquals(4, rolled.sampleMax());
        assertEquals(0, rolled.sampleMin());
        assertEquals(2 + 4 + 3, rolled.totalCount());
        assertEquals(minutes.get(0).sampleCount() + minutes.get(1).sampleCount(), rolled.sampleCount());
        assertEquals(minutes.get(0).sampleSum() + minutes.get(1).sampleSum(), rolled.sampleSum());
        assertEquals(Math.max(minutes.get(0).sampleMax(), minutes.get(1).sampleMax()), rolled.sampleMax());
        Entry day = history.entries(project, "transcribe", Resolution.DAY, Instant.parse("2026-12-31T00:00:00Z"), 1)
                .get(0);
        assertEquals(rolled.sampleMax(), day.sampleMax());
        assertEquals(rolled.totalCount(), day.totalCount());
    }

    @Test
    void aPeakAcrossMidnightIsInBothDays() {
        history.admitted(project, "transcribe");
        history.admitted(project, "transcribe");
        clock.set(Instant.parse("2027-01-01T00:00:10Z"));
        history.admitted(project, "transcribe");
        history.released(project, "transcribe");

        List<Entry> days = history.entries(project, "transcribe", Resolution.DAY,
                Instant.parse("2026-12-31T00:00:00Z"), 2);

        assertEquals(new Entry(Instant.parse("2026-12-31T00:00:00Z"), 86400, 1, 2, 3, 2, 2), days.get(0));
        // The new day opens with the two slots carried over: samples 2, 3, 2.
        assertEquals(new Entry(Instant.parse("2027-01-01T00:00:00Z"), 86400, 2, 3, 7, 3, 1), days.get(1));
    }

    @Test
    void minutesOlderThanAWeekAreDroppedAndCostNothing() {
        history.admitted(project, "transcribe");
        history.released(project, "transcribe");
        clock.advance(Resolution.MINUTE.kept().plusMinutes(2));
        history.admitted(project, "transcribe");

        assertEquals(Entry.idle(START, 60), minutes(START, 1).get(0));
        assertEquals(1, history.entries(project, "transcribe", Resolution.HOUR,
                Instant.parse("2026-12-31T23:00:00Z"), 1).get(0).totalCount(), "hours are kept longer");
    }

    @Test
    void allHistoriesTogetherKeepAtMostTheirBound() {
        ConcurrencyHistory small = new ConcurrencyHistory(clock, 300);
        List<UUID> projects = new ArrayList<>();
        for (int minute = 0; minute < 200; minute++) {
            UUID busy = UUID.randomUUID();
            projects.add(busy);
            small.admitted(busy, "transcribe");
            small.released(busy, "transcribe");
            clock.advanceSeconds(60);
        }

        long kept = projects.stream()
                .filter(id -> small.entries(id, "transcribe", Resolution.DAY, Instant.parse("2026-12-31T00:00:00Z"), 2)
                        .stream().anyMatch(entry -> entry.totalCount() > 0))
                .count();

        // Each history weighs three periods (a minute, an hour, a day): at most 100 fit in 300.
        assertTrue(kept <= 100 && kept > 0, "histories kept: " + kept);
    }

    @Test
    void aHistoryGrowingInPlaceIsWeighedAgain() {
        ConcurrencyHistory small = new ConcurrencyHistory(clock, 50);
        for (int minute = 0; minute < 60; minute++) {
            small.admitted(project, "transcribe");
            small.released(project, "transcribe");
            clock.advanceSeconds(60);
        }

        // Weighed once at its creation, the history would keep all 60 admissions; weighed as it grows,
        // it passes the bound of 50 periods, is evicted, and what follows starts a new one.
        long kept = small.entries(project, "transcribe", Resolution.DAY,
                Instant.parse("2026-12-31T00:00:00Z"), 2).stream().mapToLong(Entry::totalCount).sum();
        assertTrue(kept > 0 && kept < 50, "admissions kept: " + kept);
    }

    @Test
    void theEngineRecordsAdmittedRequestsAndTheirSettling() {
        EngineFixture fixture = new EngineFixture();
        fixture.clock.set(START);
        Caller caller = fixture.caller(Limits.none(), EngineFixture.limits(Limits.concurrent("transcribe"), 2));
        Admission first = fixture.admit(caller, EngineFixture.TRANSCRIBE);
        Admission second = fixture.admit(caller, EngineFixture.TRANSCRIBE);
        Admission refused = fixture.admit(caller, EngineFixture.TRANSCRIBE);
        assertTrue(!refused.admitted());
        EngineFixture.ok(first);
        EngineFixture.ok(second);
        EngineFixture.ok(first);

        Entry minute = fixture.engine.concurrencyHistory()
                .entries(caller.projectId(), "transcribe", Resolution.MINUTE, START, 1).get(0);

        assertEquals(new Entry(START, 60, 0, 2, 1 + 2 + 1 + 0, 4, 2), minute);
    }

    @Test
    void aFailureToRecordDoesNotReachTheRequest() {
        ConcurrencyHistory broken = new ConcurrencyHistory(() -> {
            throw new IllegalStateException("no time");
        }, 100);

        broken.admitted(project, "transcribe");
        broken.released(project, "transcribe");
    }

    private List<Entry> minutes(Instant first, int count) {
        return history.entries(project, "transcribe", Resolution.MINUTE, first, count);
    }

    @Test
    void theLongestWindowHasEveryPeriodUpToNowAndIdleOnesAfter() {
        history.admitted(project, "transcribe");

        List<Entry> entries = history.entries(project, "transcribe", Resolution.MINUTE,
                START.minus(Duration.ofDays(7)), 20_000);

        assertEquals(20_000, entries.size());
        assertEquals(new Entry(START, 60, 1, 1, 1, 1, 1), entries.get(7 * 24 * 60));
        assertEquals(Entry.idle(START.plusSeconds(60), 60), entries.get(7 * 24 * 60 + 1));
        assertEquals(Entry.idle(START.minusSeconds(60), 60), entries.get(7 * 24 * 60 - 1));
    }
}
