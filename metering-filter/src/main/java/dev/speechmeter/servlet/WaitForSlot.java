package dev.speechmeter.servlet;

import dev.speechmeter.internal.http.IdempotentEntry;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.internal.http.RequestHeaders;
import dev.speechmeter.spi.ApiError;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to an endpoint with a bounded wait ({@code queue=20s}) that found its pool full: it
 * waits for a slot in an async cycle, holding no thread. When a slot frees for it, it is
 * dispatched again and the filter serves it; when the wait is over first, it is refused with
 * {@code 429} and a {@code Retry-After} estimated from its queue. Exactly one of the two happens.
 * A client that goes away while waiting leaves the queue; a dispatch that does not reach the
 * filter (no {@code ASYNC} dispatcher in its mapping) finds a response it cannot write to
 * ({@link GuardedResponse}): the request is refused, its slot released, and nothing is served.
 */
final class WaitForSlot implements AsyncListener {

    /** The request attribute holding the passage of a request dispatched after its wait. */
    static final String ATTRIBUTE = WaitForSlot.class.getName();

    private static final System.Logger LOG = System.getLogger(WaitForSlot.class.getName());

    private final HttpServletRequest request;
    private final GuardedResponse response;
    private final Passage passage;
    private final IdempotentEntry idempotent;
    private final ErrorWriter errors;
    private final AsyncContext async;
    private final AtomicBoolean decided = new AtomicBoolean();

    private WaitForSlot(HttpServletRequest request, GuardedResponse response, Passage passage,
                        IdempotentEntry idempotent, ErrorWriter errors, AsyncContext async) {
        this.request = request;
        this.response = response;
        this.passage = passage;
        this.idempotent = idempotent;
        this.errors = errors;
        this.async = async;
    }

    /**
     * Starts the wait of {@code passage}'s request, for at most {@code maxWait}.
     *
     * @param idempotent its idempotency key's entry, or null
     */
    static void start(HttpServletRequest request, HttpServletResponse response, Passage passage,
                      IdempotentEntry idempotent, Duration maxWait, ErrorWriter errors) {
        // The dispatch after the wait carries this response, which answers nothing until the
        // filter opens it: a dispatch that does not pass the filter serves nothing.
        GuardedResponse guarded = new GuardedResponse(response, RequestGate.pathOf(request));
        AsyncContext async = request.startAsync(request, guarded);
        async.setTimeout(Math.max(1, maxWait.toMillis()));
        WaitForSlot wait = new WaitForSlot(request, guarded, passage, idempotent, errors, async);
        request.setAttribute(ATTRIBUTE, wait);
        async.addListener(wait);
        if (!passage.awaitSlot(wait::granted)) {
            // The slot came before the wait could begin.
            wait.granted();
        }
    }

    Passage passage() {
        return passage;
    }

    /** The response the waiting request is served through, opened for its endpoint. */
    HttpServletResponse openResponse() {
        response.open();
        return response;
    }

    IdempotentEntry idempotent() {
        return idempotent;
    }

    /** A slot is the request's: it is served through a dispatch, unless its wait ended first. */
    private void granted() {
        if (decided.compareAndSet(false, true)) {
            async.dispatch();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
        if (!decided.compareAndSet(false, true)) {
            return;
        }
        ApiError refusal = passage.waitedInVain();
        if (refusal == null) {
            // Its slot came as the wait ended: it is served after all.
            async.dispatch();
            return;
        }
        request.removeAttribute(ATTRIBUTE);
        response.open();
        try {
            response.setHeader(RequestHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
            errors.send(response, refusal);
        } finally {
            refused();
            passage.settle(refusal.statusCode(), false);
            async.complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        if (decided.compareAndSet(false, true)) {
            // The client went away while it waited.
            passage.waitedInVain();
            request.removeAttribute(ATTRIBUTE);
            refused();
            passage.settle(500, true);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        if (request.getAttribute(ATTRIBUTE) != null) {
            // Dispatched, but the filter never saw it again: refused, and what it held released.
            request.removeAttribute(ATTRIBUTE);
            LOG.log(System.Logger.Level.ERROR, "Request " + passage.requestId() + " got its slot after a wait, but "
                    + "its dispatch did not pass the metering filter: map the filter with the ASYNC dispatcher");
            refused();
            passage.settle(500, true);
        }
    }

    /** Not served: its idempotency key, if any, is free for a retry. */
    private void refused() {
        if (idempotent != null) {
            idempotent.notAdmitted();
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Only the wait's own cycle is listened to.
    }
}
