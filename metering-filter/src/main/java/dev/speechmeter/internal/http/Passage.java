package dev.speechmeter.internal.http;

import dev.speechmeter.LimitExceededException;
import dev.speechmeter.MeteredJob;
import dev.speechmeter.RequestRefusedException;
import dev.speechmeter.UnauthenticatedException;
import dev.speechmeter.internal.engine.UsageRecorder;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.Jobs;
import dev.speechmeter.internal.engine.Quota;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.spi.ApiError;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One request at the {@link RequestGate}: either refused, with the error to answer, or admitted,
 * holding what it took until {@link #settle} is called when its response is complete.
 */
public final class Passage {

    /** The request attribute holding the passage of a request metered by {@code @Metered}, for its response headers. */
    public static final String REQUEST_ATTRIBUTE = Passage.class.getName();

    private final UUID requestId;
    private final String correlationId;
    private final ApiError refusal;
    private final Rejection rejection;
    private final Admission admission;
    private final UsageRecorder usage;
    private final String headerClientReferenceId;
    private final List<Quota> quotas;

    private final Jobs jobs;

    private Passage(UUID requestId, String correlationId, ApiError refusal, Rejection rejection,
                    Admission admission, String headerClientReferenceId, List<Quota> quotas, Jobs jobs) {
        this.requestId = requestId;
        this.correlationId = correlationId;
        this.refusal = refusal;
        this.rejection = rejection;
        this.admission = admission;
        // Only an admitted request has somewhere to report its usage: nothing else is served.
        this.jobs = jobs;
        this.usage = admission == null ? null : new UsageRecorder(requestId, admission.caller().projectId(),
                jobs == null ? null : this::detach, admission.endpoint().recorded() ? null : admission.path(),
                admission.waitingFor() == null ? null : this::waitingRefusal);
        this.headerClientReferenceId = headerClientReferenceId;
        this.quotas = quotas;
    }

    static Passage refused(UUID requestId, String correlationId, ApiError refusal) {
        return new Passage(requestId, correlationId, refusal, null, null, null, List.of(), null);
    }

    /** A repeat of an idempotent request, answered with its first response: neither admitted nor refused. */
    static Passage replayed(UUID requestId, String correlationId) {
        return new Passage(requestId, correlationId, null, null, null, null, List.of(), null);
    }

    static Passage rejected(UUID requestId, String correlationId, ApiError refusal, Rejection rejection,
                            List<Quota> quotas) {
        return new Passage(requestId, correlationId, refusal, rejection, null, null, quotas, null);
    }

    /** @param jobs where the request may become a job ({@code UsageContext.detach()}); null when it may not */
    static Passage admitted(UUID requestId, String correlationId, Admission admission, String headerClientReferenceId,
                            List<Quota> quotas, Jobs jobs) {
        return new Passage(requestId, correlationId, null, null, admission, headerClientReferenceId, quotas, jobs);
    }

    /** While the request waits for a slot: the 429 it would have got without the queue. */
    private RuntimeException waitingRefusal() {
        Rejection waiting = admission.waitingFor();
        if (!admission.queued()) {
            return null;
        }
        return limitExceeded(ApiErrors.limitExceeded(waiting, requestId), waiting);
    }

    private static LimitExceededException limitExceeded(ApiError error, Rejection rejection) {
        return new LimitExceededException(error, rejection.limit().name().toLowerCase(Locale.ROOT),
                rejection.level().wireName(), rejection.pool(), rejection.retryAfterSeconds());
    }

    private MeteredJob detach() {
        return jobs.detach(admission, usage, headerClientReferenceId);
    }

    public UUID requestId() {
        return requestId;
    }

    /**
     * The correlation id to echo as {@code X-Correlation-Id}: the client's, else the server's request
     * id; null only for a stream, which has no headers to carry one.
     */
    public String correlationId() {
        return correlationId;
    }

    public boolean admitted() {
        return admission != null;
    }

    /** The error to answer when not admitted. */
    public ApiError refusal() {
        return refusal;
    }

    /** The refusal as an exception, for adapters that signal errors by throwing (the interceptor). */
    public RequestRefusedException refusalException() {
        if (rejection != null) {
            return limitExceeded(refusal, rejection);
        }
        if (refusal.statusCode() == 401) {
            return new UnauthenticatedException(refusal);
        }
        return new RequestRefusedException(refusal, refusal.retryAfterSeconds());
    }

    /** The quotas the request was checked against, for the {@code RateLimit} headers; empty before admission. */
    public List<Quota> quotas() {
        return quotas;
    }

    /** The limit that refused, for a {@code 429}; null otherwise. */
    public Rejection rejection() {
        return rejection;
    }

    /**
     * What the endpoint reports; attach it to the request so the endpoint can find it.
     *
     * @throws IllegalStateException for a request that was not admitted, which is not served
     */
    public UsageRecorder usage() {
        if (usage == null) {
            throw new IllegalStateException("Request " + requestId + " was not admitted: it has no usage to report");
        }
        return usage;
    }

    /** Whether the request was admitted to wait for a slot of its pool, and waits still. */
    public boolean waitsForSlot() {
        return admission != null && admission.queued();
    }

    /**
     * Runs {@code onGrant} when the waiting request gets its slot, on the thread that frees it.
     *
     * @return true when it waits; false when it holds its slot already, and {@code onGrant} did not run
     */
    public boolean awaitSlot(Runnable onGrant) {
        return jobs.awaitSlot(admission, onGrant);
    }

    /**
     * The request waited as long as its endpoint allows: it leaves its queue, and this is the
     * {@code 429} to answer, with a {@code Retry-After} estimated from the queue; null when it got
     * its slot meanwhile and is to be served.
     */
    public ApiError waitedInVain() {
        Rejection rejection = jobs.waitedInVain(admission);
        return rejection == null ? null : ApiErrors.limitExceeded(rejection, requestId);
    }

    /** When the response must end (a temporary key's longest session), or null. */
    public Instant sessionDeadline() {
        return admission == null ? null : admission.sessionDeadline();
    }

    /**
     * Releases the slot and records the request, once. A request that ended in an exception, a
     * timeout or a broken connection is a failure, even if a 2xx status had been set before. A
     * request that became a job and ended with a 2xx leaves both to its job; one that failed ends
     * its job as that failure.
     */
    public void settle(int status, boolean failed) {
        if (admission == null) {
            return;
        }
        int recorded = failed && status < 400 ? 500 : status;
        MeteredJob job = usage.job();
        if (job != null) {
            jobs.submitted(job, recorded, failed);
            return;
        }
        // A request that waited for a slot and did not become a job leaves the queue; one given a
        // slot meanwhile releases it as it settles.
        if (jobs != null) {
            jobs.leaveQueue(admission);
        }
        String reported = usage.clientReferenceId();
        admission.settle(recorded, usage.snapshot(), reported != null ? reported : headerClientReferenceId);
    }
}
