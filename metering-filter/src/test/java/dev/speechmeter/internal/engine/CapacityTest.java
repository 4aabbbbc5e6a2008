package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import dev.speechmeter.runtime.MeteringRuntime;
import static dev.speechmeter.internal.engine.EngineFixture.limits;
import static dev.speechmeter.internal.engine.EngineFixture.rpm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Consumption;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.RecordedCapacities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CapacityTest {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    private static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync", STT);
    private static final MeteredEndpoint UNLABELED = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    private static final String TRANSCRIBE_CONCURRENT = Limits.concurrent("transcribe");
    /** 23:59:30 on the last day of a leap February. */
    private static final Instant LATE_ON_LEAP_DAY = Instant.parse("2028-02-29T23:59:30Z");

    private final EngineFixture fixture = new EngineFixture();
    private final FakeClock clock = fixture.clock;
    private final RecordedCapacities capacities = new RecordedCapacities(fixture.ledger);
    private final MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.builder().build()).keys(fixture.directory).ledger(fixture.ledger).capacities(capacities).prices(PriceTable.FREE).clock(clock).build().engine();

    @Test
    void theRequestAfterTheOneThatUsesACapacityUpIsRefusedUntilThePeriodEnds() {
        clock.set(LATE_ON_LEAP_DAY.minusSeconds(3600));
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.DAY, Duration.ofSeconds(60));

        admit(caller, TRANSCRIBE).settle(200, audio(45_000), null);
        admit(caller, TRANSCRIBE).settle(200, audio(15_000), null);   // admitted with 15 s left; uses them up
        clock.set(LATE_ON_LEAP_DAY);
        Admission refused = admit(caller, TRANSCRIBE);

        assertThat(refused.admitted()).isFalse();
        Rejection rejection = refused.rejection();
        assertThat(rejection.limit()).isEqualTo(Rejection.Limit.CAPACITY);
        assertThat(rejection.level()).isEqualTo(Level.PROJECT);
        assertThat(rejection.period()).isEqualTo(BillingPeriod.DAY);
        assertThat(rejection.labels()).isEqualTo(STT);
        assertThat(rejection.retryAfterSeconds()).isEqualTo(30);
        assertThat(rejection.message()).isEqualTo("Usage limit exceeded for your project: no processed audio left for "
                + "technology=speech_to_text, vendor=sample, operation=transcribe in this day.");
        assertThat(rejection.policy()).isEqualTo("project-capacity-day");

        clock.advanceSeconds(30);
        assertThat(admit(caller, TRANSCRIBE).admitted()).as("a new day, a new capacity").isTrue();
    }

    @Test
    void capacitiesThatCannotBeReadRefuseTheRequestAndKeepNothingItTook() {
        Caller caller = fixture.caller(Limits.none(), rpm(2).with(TRANSCRIBE_CONCURRENT, Cap.atMost(1)));
        MeteringEngine failing = MeteringRuntime.builder(MeteringConfig.builder().build()).keys(fixture.directory).ledger(fixture.ledger).capacities(new Unreachable()).prices(PriceTable.FREE).clock(clock).build().engine();

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> failing.admit(failing.newRequestId(), null, caller, TRANSCRIBE, "/v1/transcriptions"))
                    .isInstanceOf(LimitStoreUnavailableException.class);
        }

        assertThat(slotsInUse(failing, caller)).as("organization and project slots in the store")
                .containsExactly(0, 0);
        Admission unlabeled = failing.admit(failing.newRequestId(), null, caller, UNLABELED, "/v1/transcriptions");
        assertThat(unlabeled.admitted()).as("the refusals spent no token").isTrue();
    }

    @Test
    void aRefusalGivesBackTheRequestTokenAndTheSlotItTook() {
        clock.set(LATE_ON_LEAP_DAY);
        Caller caller = fixture.caller(Limits.none(), rpm(2).with(TRANSCRIBE_CONCURRENT, Cap.atMost(1)));
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.MONTH, Duration.ZERO);

        for (int i = 0; i < 5; i++) {
            assertThat(admit(caller, TRANSCRIBE).rejection().limit()).isEqualTo(Rejection.Limit.CAPACITY);
        }

        assertThat(slotsInUse(engine, caller)).as("organization and project slots in the store")
                .containsExactly(0, 0);
        Admission unlabeled = admit(caller, UNLABELED);
        assertThat(unlabeled.admitted()).as("no token or slot was spent by the refusals").isTrue();
        assertThat(slotsInUse(engine, caller)).as("the only slot of the pool, held").containsExactly(1, 1);
        unlabeled.settle(200, Usage.NONE, null);
        assertThat(slotsInUse(engine, caller)).containsExactly(0, 0);
    }

    @Test
    void aFailedRequestDebitsNothingAndAnUnlabeledEndpointIsNotLimited() {
        clock.set(LATE_ON_LEAP_DAY);
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.HOUR, Duration.ofSeconds(10));

        admit(caller, TRANSCRIBE).settle(500, audio(60_000), null);
        admit(caller, UNLABELED).settle(200, audio(60_000), null);

        assertThat(admit(caller, TRANSCRIBE).admitted()).isTrue();
        assertThat(fixture.ledger.records()).extracting(r -> r.debitMs()).containsExactly(0L, 0L);
    }

    @Test
    void stackedPeriodsMustAllHaveRoomAndTheRefusalWaitsForTheLastToRollOver() {
        clock.set(LATE_ON_LEAP_DAY);
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        capacities.setCapacity(CapacityOwner.organization(caller.organizationId()), STT, BillingPeriod.MONTH,
                Duration.ofSeconds(100));
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.MINUTE,
                Duration.ofSeconds(10));
        admit(caller, TRANSCRIBE).settle(200, audio(100_000), null);

        Rejection rejection = admit(caller, TRANSCRIBE).rejection();

        assertThat(rejection.level()).isEqualTo(Level.ORGANIZATION);
        assertThat(rejection.period()).isEqualTo(BillingPeriod.MONTH);
        assertThat(rejection.retryAfterSeconds()).isEqualTo(30);
        assertThat(rejection.message()).contains("for your organization").endsWith("in this month.");
    }

    @Test
    void anExtensionLetsRequestsInAgainWithinThePeriod() {
        clock.set(LATE_ON_LEAP_DAY);
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        capacities.setCapacity(project, STT, BillingPeriod.WEEK, Duration.ofSeconds(5));
        admit(caller, TRANSCRIBE).settle(200, audio(5_000), null);
        assertThat(admit(caller, TRANSCRIBE).admitted()).isFalse();

        capacities.extend(project, STT, BillingPeriod.WEEK, Duration.ofSeconds(1), clock.instant());

        assertThat(admit(caller, TRANSCRIBE).admitted()).isTrue();
    }

    @Test
    void aCapacityOnOneLabelLimitsEveryEndpointWithItAndItsRefusalNamesOnlyThatLabel() {
        clock.set(LATE_ON_LEAP_DAY);
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        LabelSet whisper = new LabelSet("speech_to_text", "whisper", "transcribe");
        MeteredEndpoint viaWhisper = new MeteredEndpoint("transcribe_async", "transcribe", "sync", whisper);
        MeteredEndpoint diarize = new MeteredEndpoint("transcribe_async", "transcribe", "sync",
                new LabelSet("speaker_diarization", "sample", "diarize"));
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), LabelSet.technology("speech_to_text"),
                BillingPeriod.DAY, Duration.ofSeconds(10));
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.MONTH,
                Duration.ofSeconds(100));
        admit(caller, viaWhisper).settle(200, audio(10_000), null);

        Admission refused = admit(caller, TRANSCRIBE);

        assertThat(refused.admitted()).as("the month on all three labels has room; the day on one has none").isFalse();
        assertThat(refused.rejection().labels()).isEqualTo(LabelSet.technology("speech_to_text"));
        assertThat(refused.rejection().message()).isEqualTo("Usage limit exceeded for your project: no processed "
                + "audio left for technology=speech_to_text in this day.");
        assertThat(refused.rejection().retryAfterSeconds()).isEqualTo(30);
        assertThat(capacities.standings(caller.organizationId(), caller.projectId(), STT, clock.instant()))
                .as("nothing debited from the capacity that had room")
                .extracting(standing -> standing.labels() + " " + standing.consumed().toMillis())
                .containsExactlyInAnyOrder("technology=speech_to_text 10000",
                        "technology=speech_to_text, vendor=sample, operation=transcribe 0");
        assertThat(admit(caller, viaWhisper).admitted()).isFalse();
        assertThat(admit(caller, diarize).admitted()).as("another technology").isTrue();
    }

    @Test
    void theRecordCarriesTheEndpointsLabelsSoTheLedgerCanDebitThem() {
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        admit(caller, TRANSCRIBE).settle(200, audio(1_234), null);

        assertThat(fixture.ledger.records()).singleElement().satisfies(record -> {
            assertThat(record.labels()).isEqualTo(STT);
            assertThat(record.debitMs()).isEqualTo(1_234);
        });
    }

    private Admission admit(Caller caller, MeteredEndpoint endpoint) {
        return engine.admit(engine.newRequestId(), null, caller, endpoint, "/v1/transcriptions");
    }

    /** The transcribe slots the engine's store counts for the caller's organization and project. */
    private static List<Integer> slotsInUse(MeteringEngine engine, Caller caller) {
        return List.of(
                engine.limitStore().slotsInUse(Level.ORGANIZATION, caller.organizationId(), "transcribe"),
                engine.limitStore().slotsInUse(Level.PROJECT, caller.projectId(), "transcribe"));
    }

    private static Usage audio(long ms) {
        return new Usage("stt", 0, 0, ms, 0, 0, 0);
    }

    /** A capacity store whose database is down. */
    private static final class Unreachable implements CapacityLedger {

        @Override
        public List<CapacityStanding> standings(UUID organizationId, UUID projectId, LabelSet labels, Instant at) {
            throw new IllegalStateException("Could not read capacities: connection refused");
        }

        @Override
        public List<CapacityStanding> standings(UUID organizationId, UUID projectId, Instant at) {
            throw new IllegalStateException("Could not read capacities: connection refused");
        }

        @Override
        public List<CapacityStanding> standings(CapacityOwner owner, Instant at) {
            throw new IllegalStateException("Could not read capacities: connection refused");
        }

        @Override
        public List<Consumption> consumptions(UUID organizationId, UUID projectId) {
            throw new IllegalStateException("Could not read consumption: connection refused");
        }

        @Override
        public void setCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration capacity) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public boolean removeCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public boolean extend(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration extra, Instant at) {
            throw new IllegalStateException("connection refused");
        }
    }
}
