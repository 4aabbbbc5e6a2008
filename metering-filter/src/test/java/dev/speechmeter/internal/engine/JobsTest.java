package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteredJob;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.RecoveredJob;
import dev.speechmeter.UnmeteredRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.JobRegistry;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.OpenJob;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A request turned into a job with {@code UsageContext.detach()}: it holds its slot until the job
 * ends, writes its one entry then, and is handed over, resumed or failed, when its server stops.
 */
class JobsTest {

    private static final MeteredEndpoint ASYNC = new MeteredEndpoint("transcribe_async", "transcribe", "async",
            new LabelSet("speech_to_text", "sample", "transcribe"));
    private static final MeteredEndpoint STREAM = new MeteredEndpoint("transcribe_websocket", "transcribe",
            "streaming");
    private static final MeteredEndpoint STATUS = new MeteredEndpoint("transcription_status", null,
            ProcessingMethod.SYNC, null, false);

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final Registry registry = new Registry();
    private final List<RecoveredJob> offered = new CopyOnWriteArrayList<>();
    private Consumer<RecoveredJob> recovery = offered::add;
    private final MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.defaults()).keys(directory)
            .ledger(ledger).clock(clock).jobs(registry).onRecoveredJob(job -> recovery.accept(job)).build().engine();
    private final RequestGate gate = new RequestGate(engine);

    private final Caller caller = directory.add("sm-key-1", Limits.none(),
            Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(1)));

    private Passage submit(MeteredEndpoint endpoint) {
        Map<String, String> headers = Map.of("Authorization", "Bearer sm-key-1", "X-Client-Reference-Id", "order-7");
        Passage passage = gate.enter(headers::get, 0, "/v1/transcriptions", "192.0.2.1", endpoint);
        assertThat(passage.admitted()).isTrue();
        return passage;
    }

    private int projectSlots() {
        return engine.limitStore().slotsInUse(Level.PROJECT, caller.projectId(), "transcribe");
    }

    @Test
    void aJobHoldsItsSlotPastItsResponseAndWritesOneBilledEntryWhenItCompletes() {
        Passage passage = submit(ASYNC);
        MeteredJob job = passage.usage().detach();
        passage.settle(201, false);

        assertThat(job.isOpen()).isTrue();
        assertThat(job.project()).isEqualTo(caller.projectId());
        assertThat(projectSlots()).isEqualTo(1);
        assertThat(ledger.records()).isEmpty();
        assertThat(submit2xxRefused()).as("the project's one slot is the job's").isTrue();

        clock.advance(Duration.ofSeconds(40));
        job.usage().model("stt-async-sample").inputAudioDuration(Duration.ofSeconds(30));
        assertThat(job.complete()).isTrue();
        assertThat(job.complete()).isFalse();
        assertThat(job.fail("late")).isFalse();

        UsageRecord record = ledger.only(job.id());
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.billable()).isTrue();
        assertThat(record.method()).isEqualTo("async");
        assertThat(record.clientReferenceId()).isEqualTo("order-7");
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(30_000);
        assertThat(record.debitMs()).isEqualTo(30_000);
        assertThat(Duration.between(record.startTime(), record.endTime())).isEqualTo(Duration.ofSeconds(40));
        assertThat(projectSlots()).isZero();
        assertThat(registry.open).isEmpty();
        assertThat(registry.closed).containsExactly(job.id());
        assertThat(engine.jobs().openJobs()).isZero();
    }

    private boolean submit2xxRefused() {
        Map<String, String> headers = Map.of("Authorization", "Bearer sm-key-1");
        Passage other = gate.enter(headers::get, 0, "/v1/transcriptions", "192.0.2.1", ASYNC);
        if (other.admitted()) {
            other.settle(200, false);
            return false;
        }
        return other.refusal().statusCode() == 429;
    }

    @Test
    void theJobIsRecordedBeforeDetachReturnsWithWhatItNeedsToBeTakenOver() {
        Passage passage = submit(ASYNC);
        MeteredJob job = passage.usage().detach();

        assertThat(passage.usage().detach()).isSameAs(job);
        OpenJob open = registry.open.get(0);
        assertThat(open.id()).isEqualTo(job.id()).isEqualTo(passage.requestId());
        assertThat(open.projectId()).isEqualTo(caller.projectId());
        assertThat(open.organizationId()).isEqualTo(caller.organizationId());
        assertThat(open.apiKeyId()).isEqualTo(caller.apiKeyId());
        assertThat(open.pool()).isEqualTo("transcribe");
        assertThat(open.labels()).isEqualTo(ASYNC.labels());
        assertThat(open.method()).isEqualTo("async");
        assertThat(open.clientReferenceId()).isEqualTo("order-7");
        assertThat(open.startTime()).isEqualTo(clock.instant());
    }

    @Test
    void aSubmitThatFailsEndsItsJobAsThatFailureAndTheJobCanNoLongerBeBilled() {
        Passage passage = submit(ASYNC);
        MeteredJob job = passage.usage().detach();

        passage.settle(200, true);

        assertThat(job.isOpen()).isFalse();
        assertThat(job.complete()).isFalse();
        UsageRecord record = ledger.only(job.id());
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertThat(projectSlots()).isZero();
        assertThat(registry.closed).containsExactly(job.id());
    }

    @Test
    void aSubmitAnsweredWithAnErrorEndsItsJobWithThatStatus() {
        Passage passage = submit(ASYNC);
        MeteredJob job = passage.usage().detach();

        passage.settle(400, false);

        assertThat(ledger.only(job.id()).statusCode()).isEqualTo(400);
        assertThat(projectSlots()).isZero();
    }

    @Test
    void aJobThatEndsBeforeItsResponseCompletesIsNotSettledAgainByTheResponse() {
        Passage passage = submit(ASYNC);
        MeteredJob job = passage.usage().detach();

        assertThat(job.complete()).isTrue();
        passage.settle(202, false);
        passage.settle(500, true);

        assertThat(ledger.records()).hasSize(1);
        assertThat(ledger.only(job.id()).statusCode()).isEqualTo(200);
        assertThat(projectSlots()).isZero();
    }

    @Test
    void failedAndCancelledJobsAreRecordedWithTheirStatusAndCostNothing() {
        Passage failing = submit(ASYNC);
        MeteredJob failed = failing.usage().detach();
        failing.settle(201, false);
        failed.usage().model("stt-async-sample").inputAudioDuration(Duration.ofSeconds(5));
        assertThat(failed.fail("recognizer crashed")).isTrue();

        Passage cancelling = submit(ASYNC);
        MeteredJob cancelled = cancelling.usage().detach();
        cancelling.settle(201, false);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.complete()).isFalse();

        assertThat(ledger.only(failed.id()).statusCode()).isEqualTo(500);
        assertThat(ledger.only(failed.id()).billable()).isFalse();
        assertThat(ledger.only(failed.id()).debitMs()).isZero();
        assertThat(ledger.only(cancelled.id()).statusCode()).isEqualTo(499);
        assertThat(ledger.only(cancelled.id()).billable()).isFalse();
        assertThat(projectSlots()).isZero();
    }

    @Test
    void aJobThatCannotBeRecordedIsNotStartedAndItsRequestFails() {
        registry.refuse = true;
        Passage passage = submit(ASYNC);

        assertThatThrownBy(() -> passage.usage().detach()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("registry down");
        passage.settle(200, true);

        assertThat(ledger.only(passage.requestId()).statusCode()).isEqualTo(500);
        assertThat(projectSlots()).isZero();
        assertThat(engine.jobs().openJobs()).isZero();
    }

    @Test
    void aStreamAndAnEndpointWithoutUsageCannotBecomeJobs() {
        Passage stream = gate.enterStream(engine.newRequestId(), "sm-key-1", null, null, "/transcribe-websocket",
                STREAM);
        assertThatThrownBy(() -> stream.usage().detach()).isInstanceOf(IllegalStateException.class);
        stream.settle(200, false);

        Passage status = submit(STATUS);
        assertThatThrownBy(() -> status.usage().detach()).isInstanceOf(UnmeteredRequestException.class);
        assertThat(status.usage().project()).isEqualTo(caller.projectId());
        status.settle(200, false);

        assertThat(ledger.records()).as("the status read leaves no entry").hasSize(1);
        assertThat(registry.open).isEmpty();
    }

    @Test
    void anEndpointWithoutUsageRefusesEveryReportSinceAnEndpointThatReportsMustBeRecorded() {
        Passage status = submit(STATUS);
        UsageContext usage = status.usage();

        assertThat(usage.requestId()).isEqualTo(status.requestId());
        for (Runnable report : List.<Runnable>of(() -> usage.model("stt"), () -> usage.inputAudioDuration(Duration.ZERO),
                () -> usage.outputAudioDuration(Duration.ZERO), () -> usage.inputTextTokens(1),
                () -> usage.inputAudioTokens(1), () -> usage.outputTextTokens(1), () -> usage.outputAudioTokens(1),
                () -> usage.clientReferenceId("r"), () -> usage.channels(1), () -> usage.language("en"),
                () -> usage.tags(List.of("t")))) {
            assertThatThrownBy(report::run).isInstanceOf(UnmeteredRequestException.class);
        }
        status.settle(200, false);
        assertThat(ledger.records()).isEmpty();
    }

    @Test
    void aJobTakenOverFromAStoppedServerAndNotResumedFailsUnbilledAndLetsItsSlotGo() {
        OpenJob orphan = orphan();

        registry.handOver(orphan);

        assertThat(offered).hasSize(1);
        assertThat(offered.get(0).job().id()).isEqualTo(orphan.id());
        UsageRecord record = ledger.only(orphan.id());
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertThat(record.clientReferenceId()).isEqualTo("order-9");
        assertThat(record.startTime()).isEqualTo(orphan.startTime());
        assertThat(projectSlots()).isZero();
        assertThat(registry.closed).containsExactly(orphan.id());
    }

    @Test
    void aResumedJobHoldsItsSlotAgainEvenAboveTheLimitAndIsBilledOnceWhenItCompletes() {
        Passage running = submit(ASYNC);
        running.usage().detach();
        running.settle(201, false);
        recovery = recovered -> {
            offered.add(recovered);
            recovered.resume();
        };
        OpenJob orphan = orphan();

        registry.handOver(orphan);

        assertThat(projectSlots()).as("the limit of 1 does not refuse a job admitted before").isEqualTo(2);
        assertThat(engine.jobs().openJobs()).isEqualTo(2);
        MeteredJob job = recoveredJob(orphan);
        assertThat(ledger.records()).isEmpty();
        job.usage().model("stt-async-sample").inputAudioDuration(Duration.ofSeconds(3));
        assertThat(job.complete()).isTrue();

        UsageRecord record = ledger.only(orphan.id());
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.billable()).isTrue();
        assertThat(record.caller().projectId()).isEqualTo(caller.projectId());
        assertThat(record.labels()).isEqualTo(ASYNC.labels());
        assertThat(projectSlots()).isEqualTo(1);
    }

    @Test
    void aRecoveryHandlerThatThrowsLeavesTheJobFailedNotHeld() {
        recovery = recovered -> {
            throw new IllegalStateException("application not ready");
        };

        registry.handOver(orphan());

        assertThat(ledger.records()).singleElement().extracting(UsageRecord::statusCode).isEqualTo(500);
        assertThat(projectSlots()).isZero();
    }

    private MeteredJob recoveredJob(OpenJob orphan) {
        return offered.stream().map(RecoveredJob::job).filter(job -> job.id().equals(orphan.id())).findFirst()
                .orElseThrow();
    }

    private OpenJob orphan() {
        return new OpenJob(UUID.randomUUID(), "corr-9", caller.apiKeyId(), caller.organizationId(),
                caller.projectId(), "transcribe_async", "/v1/transcriptions", "async", "transcribe", ASYNC.labels(),
                "order-9", clock.instant().minusSeconds(90));
    }

    /** A registry in a list, which hands over the orphans a test gives it. */
    private static final class Registry implements JobRegistry {

        final List<OpenJob> open = new CopyOnWriteArrayList<>();
        final List<UUID> closed = new ArrayList<>();
        boolean refuse;
        private Consumer<OpenJob> orphans;

        @Override
        public void opened(OpenJob job) {
            if (refuse) {
                throw new IllegalStateException("registry down");
            }
            open.add(job);
        }

        @Override
        public synchronized void closed(UUID id) {
            open.removeIf(job -> job.id().equals(id));
            closed.add(id);
        }

        @Override
        public void start(Consumer<OpenJob> orphans) {
            this.orphans = orphans;
        }

        void handOver(OpenJob orphan) {
            orphans.accept(orphan);
        }
    }
}
