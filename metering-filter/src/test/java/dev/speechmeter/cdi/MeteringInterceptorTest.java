package dev.speechmeter.cdi;

import dev.speechmeter.runtime.MeteringRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.LimitExceededException;
import dev.speechmeter.UnauthenticatedException;
import dev.speechmeter.UnmeteredRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.UsageRecorder;
import dev.speechmeter.internal.engine.ConcurrencyReport;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MeteringTest
@AddBeanClasses({DiarizationService.class, DiarizationService.NestedService.class})
class MeteringInterceptorTest {

    private static final String KEY = "sm_interceptor_test_key_000000000000000000";

    @Inject
    DiarizationService service;

    @Inject
    KeyDirectory directory;

    @Inject
    UsageLedger ledger;

    @Inject
    InstantSource clock;

    @Inject
    HttpServletRequest request;

    @Inject
    MeteringRuntime runtime;

    @Inject
    CapacityLedger capacities;

    @Inject
    UsageContext usage;

    private Caller caller;

    @BeforeEach
    void key() {
        caller = ((MapKeyDirectory) directory).add(KEY, Limits.none(), Limits.none()
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(2))
                .with(Limits.concurrent("transcribe"), Cap.atMost(1)));
        FakeHttpRequest.header(request, "Authorization", "Bearer " + KEY);
    }

    @Test
    void anAnnotatedMethodIsMeteredWithWhatItReported() {
        assertThat(service.diarize(42)).isEqualTo("speaker A");

        UsageRecord record = records().get(0);
        assertThat(records()).hasSize(1);
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.requestScope()).isEqualTo("diarize_async");
        assertThat(record.endpoint()).isEqualTo("/v1/diarizations");
        assertThat(record.usage().model()).isEqualTo("diarizer-1");
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(42_000);
        assertThat(record.clientReferenceId()).isEqualTo("job-42");
        assertThat(record.caller()).isEqualTo(caller);
        assertSlotsBack();
    }

    @Test
    void theCorrelationIdIsTheClientsCorrelationIdHeaderElseTheServersRequestId() {
        FakeHttpRequest.header(request, "X-Request-Id", "trace-1");
        FakeHttpRequest.header(request, "X-Correlation-Id", "corr-1");
        service.diarize(1);
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);
        FakeHttpRequest.header(request, "X-Request-Id", null);
        FakeHttpRequest.header(request, "X-Correlation-Id", null);
        service.diarize(1);

        assertThat(records()).hasSize(2);
        assertThat(records().get(0).correlationId()).isEqualTo("corr-1");
        assertThat(records().get(1).correlationId()).isEqualTo(records().get(1).requestId().toString());
        assertSlotsBack();
    }

    @Test
    void withoutAKeyTheCallIsRefusedAndNothingRuns() {
        FakeHttpRequest.header(request, "Authorization", null);

        assertThatThrownBy(() -> service.diarize(1))
                .isInstanceOf(UnauthenticatedException.class)
                .satisfies(e -> assertThat(((UnauthenticatedException) e).error().statusCode()).isEqualTo(401));
        assertThat(records()).isEmpty();
    }

    @Test
    void outsideAnHttpRequestAMeteredMethodIsRefusedAndNothingRuns() {
        FakeHttpRequest.outsideAnHttpRequest(request);

        assertThatThrownBy(() -> service.diarize(1))
                .isInstanceOf(UnmeteredRequestException.class)
                .satisfies(e -> assertThat(((UnmeteredRequestException) e).error().statusCode()).isEqualTo(500));
        assertThat(service.calls()).isZero();
        assertThat(records()).isEmpty();
    }

    @Test
    void theUsageContextOfARequestNoDoorAdmittedRefusesIt() {
        assertThatThrownBy(() -> usage.model("free-model"))
                .isInstanceOf(UnmeteredRequestException.class)
                .satisfies(e -> {
                    UnmeteredRequestException refusal = (UnmeteredRequestException) e;
                    assertThat(refusal.error().errorType()).isEqualTo("internal_error");
                    assertThat(refusal.path()).isEqualTo("/v1/diarizations");
                });
        assertThatThrownBy(() -> usage.requestId()).isInstanceOf(UnmeteredRequestException.class);
        assertThat(records()).isEmpty();
    }

    @Test
    void overTheRateTheRefusalCarriesLimitLevelAndAnHonestRetryAfter() {
        service.diarize(1);
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);
        service.diarize(1);
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);

        LimitExceededException refused = (LimitExceededException) catchThrowable(() -> service.diarize(1));

        assertThat(refused.limit()).isEqualTo("request_rate");
        assertThat(refused.level()).isEqualTo("project");
        assertThat(refused.retryAfterSeconds()).isEqualTo(30);
        assertThat(refused.error().statusCode()).isEqualTo(429);
        assertThat(refused.getMessage()).isEqualTo("Requests per minute limit has been exceeded for your project.");

        ((FakeClock) clock).advanceSeconds(refused.retryAfterSeconds());
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);
        assertThat(service.diarize(1)).isEqualTo("speaker A");
    }

    @Test
    void aLabeledMethodIsRefusedOnceItsCapacityIsUsedUpUntilThePeriodEnds() {
        LabelSet diarization = new LabelSet("speaker_diarization", "acme", "diarize");
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), diarization, BillingPeriod.HOUR,
                Duration.ofSeconds(60));
        assertThat(service.diarizeWithinCapacity(60)).isEqualTo("speaker B");
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);

        LimitExceededException refused = (LimitExceededException) catchThrowable(() -> service.diarizeWithinCapacity(1));

        assertThat(refused.limit()).isEqualTo("capacity");
        assertThat(refused.level()).isEqualTo("project");
        assertThat(refused.retryAfterSeconds()).as("23:59:58.25 to the hour's end").isEqualTo(2);
        assertThat(refused.getMessage()).isEqualTo("Usage limit exceeded for your project: no processed audio left "
                + "for technology=speaker_diarization, vendor=acme, operation=diarize in this hour.");
        assertSlotsBack();
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);
        assertThat(service.diarize(5)).as("other labels, or none, are not held back").isEqualTo("speaker A");
    }

    @Test
    void anExceptionIsRecordedAsAFailureAndTheSlotComesBack() {
        assertThatThrownBy(service::crash).isInstanceOf(IllegalStateException.class);

        UsageRecord record = records().get(0);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertSlotsBack();
    }

    @Test
    void invalidInputIsRecordedAs400() {
        assertThatThrownBy(service::reject).isInstanceOf(InvalidRequestException.class);

        assertThat(records().get(0).statusCode()).isEqualTo(400);
        assertSlotsBack();
    }

    @Test
    void aRequestTheFilterAlreadyMetersIsNotMeteredTwice() {
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, new UsageRecorder(UUID.randomUUID()));

        service.diarize(3);

        assertThat(records()).isEmpty();
    }

    @Test
    void nestedMeteredCallsMeterTheRequestOnce() {
        assertThat(service.outer()).isEqualTo("inner");

        assertThat(records()).hasSize(1);
        assertThat(records().get(0).requestScope()).isEqualTo("diarize_async");
        assertSlotsBack();
    }

    /** Every transcribe slot back in the store, at the organization and the project. */
    private void assertSlotsBack() {
        ConcurrencyReport report = runtime.engine().concurrency(caller);
        assertThat(report.organization().current()).as("organization slots in the store")
                .containsEntry("transcribe_concurrent", 0);
        assertThat(report.project().current()).as("project slots in the store")
                .containsEntry("transcribe_concurrent", 0);
        assertThat(runtime.engine().heldSlotEntries()).isZero();
    }

    private List<UsageRecord> records() {
        return ((RecordingLedger) ledger).records();
    }

    private static Throwable catchThrowable(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }
}
