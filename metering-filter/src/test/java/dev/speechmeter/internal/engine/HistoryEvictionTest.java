package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The concurrency history an engine keeps in memory holds at most
 * {@code speechmeter.concurrency-history.max-periods} periods: a project that made one request
 * weighs three (its minute, hour and day), so a bound of 30 keeps at most ten projects' histories;
 * Caffeine picks which go (by how recently and how often each was used), and a project whose
 * history was forgotten reads as idle.
 */
class HistoryEvictionTest {

    private static final int MAX_PERIODS = 30;

    private final EngineFixture fixture = new EngineFixture(MeteringConfig.fromProperties(Map.of(
            "speechmeter.concurrency-history.max-periods", Integer.toString(MAX_PERIODS))::get));

    @Test
    void theHistoryKeepsAtMostItsBoundAndForgetsTheRest() {
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Caller caller = fixture.caller(Limits.none(), Limits.none());
            callers.add(caller);
            EngineFixture.ok(fixture.admit(caller, EngineFixture.TRANSCRIBE));
            fixture.clock.advanceSeconds(1);
        }

        List<Boolean> kept = callers.stream().map(this::hasHistory).toList();

        assertThat(kept.stream().filter(k -> k).count()).as("histories kept").isBetween(1L, (long) MAX_PERIODS / 3);
    }

    @Test
    void byDefaultAMillionPeriodsAreKept() {
        assertThat(MeteringConfig.builder().build().concurrencyHistoryMaxPeriods()).isEqualTo(1_000_000);
    }

    private boolean hasHistory(Caller caller) {
        return fixture.engine.concurrencyHistory().entries(caller.projectId(), "transcribe", Resolution.DAY,
                Instant.parse("2026-01-01T00:00:00Z"), 400).stream().anyMatch(entry -> entry.totalCount() > 0);
    }
}
