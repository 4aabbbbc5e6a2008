package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import dev.speechmeter.runtime.MeteringRuntime;
import static dev.speechmeter.internal.engine.EngineFixture.TRANSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.MapKeyDirectory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final Costs PRICE = new Costs(new BigDecimal("0.000001"), new BigDecimal("0.0025"),
            new BigDecimal("0.00011"), BigDecimal.ZERO);
    private static final Usage TRANSCRIPTION = new Usage("stt-async-sample", 0, 0, 2_000, 12, 0, 0);

    private final EngineFixture fixture = new EngineFixture(MeteringConfig.defaults(), usage -> PRICE);

    @Test
    void aSuccessfulRequestIsRecordedOnceWithItsUsageAndPrice() {
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        Admission admission = fixture.engine.admit(fixture.engine.newRequestId(), "client-42", caller, TRANSCRIBE,
                "/v1/transcriptions");
        fixture.clock.advance(Duration.ofMillis(1_500));

        admission.settle(200, TRANSCRIPTION, "order-7");
        admission.settle(200, TRANSCRIPTION, "order-7");

        UsageRecord record = fixture.ledger.only(admission.requestId());
        assertThat(record.billable()).isTrue();
        assertThat(record.usage()).isEqualTo(TRANSCRIPTION);
        assertThat(record.costs()).isEqualTo(PRICE);
        assertThat(record.costs().costUsd()).isEqualByComparingTo("0.002611");
        assertThat(record.correlationId()).isEqualTo("client-42");
        assertThat(record.clientReferenceId()).isEqualTo("order-7");
        assertThat(record.requestScope()).isEqualTo("transcribe_async");
        assertThat(record.endpoint()).isEqualTo("/v1/transcriptions");
        assertThat(record.caller()).isEqualTo(caller);
        assertThat(Duration.between(record.startTime(), record.endTime())).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aFailedRequestIsRecordedWithItsCodeAndCostsNothing() {
        Admission admission = fixture.admit(fixture.caller(Limits.none(), Limits.none()), TRANSCRIBE);

        admission.settle(500, TRANSCRIPTION, null);

        UsageRecord record = fixture.ledger.only(admission.requestId());
        assertThat(record.billable()).isFalse();
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.costs()).isEqualTo(Costs.ZERO);
    }

    @Test
    void aRefusedRequestIsRecordedAsFailedAndHoldsNothing() {
        Caller caller = fixture.caller(Limits.none(), EngineFixture.limits(Limits.concurrent("transcribe"), 0));
        Admission refused = fixture.admit(caller, TRANSCRIBE);

        refused.settle(429, Usage.NONE, null);

        assertThat(refused.admitted()).isFalse();
        assertThat(fixture.ledger.only(refused.requestId()).statusCode()).isEqualTo(429);
        assertThat(slotsInUse(fixture.engine, caller)).as("organization and project slots in the store")
                .containsExactly(0, 0);
    }

    @Test
    void theSlotIsReleasedEvenWhenTheLedgerFails() {
        AtomicBoolean failing = new AtomicBoolean(true);
        MapKeyDirectory directory = new MapKeyDirectory();
        MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.defaults()).keys(directory).ledger(record -> {
            if (failing.get()) {
                throw new IllegalStateException("database down");
            }
        }).prices(usage -> Costs.ZERO).clock(fixture.clock).build().engine();
        Caller caller = directory.add("key", Limits.none(), EngineFixture.limits(Limits.concurrent("transcribe"), 1));
        Admission admission = engine.admit(engine.newRequestId(), null, caller, TRANSCRIBE, "/");

        assertThat(admission.admitted()).isTrue();
        assertThat(slotsInUse(engine, caller)).containsExactly(1, 1);

        assertThatThrownBy(() -> admission.settle(200, Usage.NONE, null))
                .hasMessage("database down");

        assertThat(slotsInUse(engine, caller)).as("organization and project slots in the store")
                .containsExactly(0, 0);
        failing.set(false);
        Admission next = engine.admit(engine.newRequestId(), null, caller, TRANSCRIBE, "/");
        assertThat(next.admitted()).as("the only slot of the pool is free again").isTrue();
        next.settle(200, Usage.NONE, null);
    }

    @Test
    void requestIdsAreTimeOrderedVersion7() {
        UUID first = fixture.engine.newRequestId();
        UUID second = fixture.engine.newRequestId();
        fixture.clock.advance(Duration.ofMillis(1));
        UUID third = fixture.engine.newRequestId();

        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.toString()).isLessThan(second.toString());
        assertThat(second.toString()).isLessThan(third.toString());
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(fixture.clock.instant().toEpochMilli() - 1);
    }

    /** The transcribe slots the engine's store counts for the caller's organization and project. */
    private static List<Integer> slotsInUse(MeteringEngine engine, Caller caller) {
        return List.of(
                engine.limitStore().slotsInUse(Level.ORGANIZATION, caller.organizationId(), "transcribe"),
                engine.limitStore().slotsInUse(Level.PROJECT, caller.projectId(), "transcribe"));
    }
}
