package dev.speechmeter.cdi;

import dev.speechmeter.runtime.MeteringRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.Durability;
import dev.speechmeter.RequestRefusedException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the interceptor reads the answer of a method the way Jakarta REST would send it: the status
 * of a thrown {@link WebApplicationException}, {@code 204} for {@code null}, and the status an
 * {@code AsyncResponse} was resumed with. Only a 2xx answer is billed; every answer gives the slot back.
 */
@MeteringTest
@AddBeanClasses(TranscriptionResource.class)
class MeteringInterceptorAnswersTest {

    private static final String KEY = "sm_interceptor_answers_key_00000000000000";

    @Inject
    TranscriptionResource resource;

    @Inject
    KeyDirectory directory;

    @Inject
    UsageLedger ledger;

    @Inject
    HttpServletRequest request;

    @Inject
    MeteringRuntime runtime;

    private Caller caller;

    @BeforeEach
    void key() {
        caller = ((MapKeyDirectory) directory).add(KEY, Limits.none(), Limits.none()
                .with(Limits.concurrent("transcribe"), Cap.atMost(1)));
        FakeHttpRequest.header(request, "Authorization", "Bearer " + KEY);
    }

    @Test
    void aThrownWebApplicationExceptionIsRecordedWithItsStatusAndNotBilled() {
        assertThatThrownBy(resource::notFound).isInstanceOf(WebApplicationException.class);

        assertThat(onlyRecord().statusCode()).isEqualTo(404);
        assertThat(onlyRecord().billable()).isFalse();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void aNullAnswerIsRecordedAs204AndBilled() {
        assertThat(resource.nothing()).isNull();

        assertThat(onlyRecord().statusCode()).isEqualTo(204);
        assertThat(onlyRecord().billable()).isTrue();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void aReturnedResponseIsRecordedWithItsStatus() {
        assertThat(resource.unavailable().getStatus()).isEqualTo(503);

        assertThat(onlyRecord().statusCode()).isEqualTo(503);
        assertThat(onlyRecord().billable()).isFalse();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void anAsyncResponseHoldsTheSlotUntilResumedWithAnEntityThenIsRecordedAs200() {
        resource.transcribeLater(new FakeAsyncResponse());
        assertThat(records()).isEmpty();
        assertThat(slotsInUse()).as("while the work goes on").isEqualTo(1);

        resource.suspended().resume("a transcript");

        assertThat(onlyRecord().statusCode()).isEqualTo(200);
        assertThat(onlyRecord().billable()).isTrue();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void underSyncDurabilityAnAsyncAnswerIsWrittenOnlyOnceItsEntryIsRecorded() {
        assertThat(runtime.engine().config().durability()).isEqualTo(Durability.SYNC);
        List<Integer> entriesWhenWritten = new ArrayList<>();
        resource.transcribeLater(new FakeAsyncResponse(() -> entriesWhenWritten.add(records().size())));

        resource.suspended().resume("a transcript");

        assertThat(entriesWhenWritten).containsExactly(1);
        assertThat(onlyRecord().statusCode()).isEqualTo(200);
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void underSyncDurabilityAnAsyncAnswerWhoseEntryCannotBeMadeDurableBecomes503() {
        FakeAsyncResponse runtimeSide = new FakeAsyncResponse();
        resource.transcribeLater(runtimeSide);
        ((RecordingLedger) ledger).failWith(new IllegalStateException("The usage entry was not durable within PT10S"));
        try {
            resource.suspended().resume("a transcript");
        } finally {
            ((RecordingLedger) ledger).failWith(null);
        }

        assertThat(runtimeSide.answer()).isInstanceOfSatisfying(RequestRefusedException.class, refused -> {
            assertThat(refused.error().statusCode()).isEqualTo(503);
            assertThat(refused.error().errorType()).isEqualTo("service_unavailable");
            assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        });
        assertThat(slotsInUse()).as("the slot is given back all the same").isZero();
    }

    @Test
    void anAsyncResponseResumedWithAnErrorResponseIsRecordedWithItsStatusAndNotBilled() {
        resource.transcribeLater(new FakeAsyncResponse());

        resource.suspended().resume(new StatusResponse(503));

        assertThat(onlyRecord().statusCode()).isEqualTo(503);
        assertThat(onlyRecord().billable()).isFalse();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void anAsyncResponseResumedWithAWebApplicationExceptionIsRecordedWithItsStatusAndNotBilled() {
        resource.transcribeLater(new FakeAsyncResponse());

        resource.suspended().resume(new WebApplicationException(new StatusResponse(422)));

        assertThat(onlyRecord().statusCode()).isEqualTo(422);
        assertThat(onlyRecord().billable()).isFalse();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void anAsyncResponseResumedWithAnUnmappedErrorIsRecordedAs500() {
        resource.transcribeLater(new FakeAsyncResponse());

        resource.suspended().resume(new IllegalStateException("the model crashed"));

        assertThat(onlyRecord().statusCode()).isEqualTo(500);
        assertThat(onlyRecord().billable()).isFalse();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void anAsyncResponseCancelledOrTimedOutUnansweredIsRecordedAs503() {
        resource.transcribeLater(new FakeAsyncResponse());
        resource.suspended().cancel();
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);                     // a second request
        FakeAsyncResponse timingOut = new FakeAsyncResponse();
        resource.transcribeLater(timingOut);
        timingOut.timeOut();

        assertThat(records()).extracting(UsageRecord::statusCode).containsExactly(503, 503);
        assertThat(records()).noneMatch(UsageRecord::billable);
        assertThat(slotsInUse()).isZero();
    }

    private int slotsInUse() {
        return runtime.engine().concurrency(caller).project().current().get("transcribe_concurrent");
    }

    private UsageRecord onlyRecord() {
        assertThat(records()).hasSize(1);
        return records().get(0);
    }

    private List<UsageRecord> records() {
        return ((RecordingLedger) ledger).records();
    }
}
