package dev.speechmeter.servlet;

import dev.speechmeter.internal.engine.IdempotentAttempt;
import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.internal.http.IdempotentEntry;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RequestHeaders;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;

/**
 * Settles a metered request. Under {@code sync} durability it holds the endpoint's response back
 * ({@link HeldBackResponse}) and lets it end only once the request's entry is durable: for a
 * request that ends on its own thread, when the filter settles it; for one that went
 * asynchronous, when its endpoint completes its async context ({@link SettlingAsyncContext}).
 *
 * <p>As an async listener, it settles an asynchronous request when its response completes, whatever ended it. An error the
 * container reports (an exception out of a dispatch while async) settles it as failed: before
 * anything was sent, the error is answered {@code 500 internal_error} in the error shape, never
 * with the container's error page, and the request completed; after, the container cuts the
 * response off, and the request is settled at once.
 */
final class SettleOnCompletion implements AsyncListener {

    /** The request attribute that names the listener of a metered request, for its async dispatches. */
    static final String ATTRIBUTE = SettleOnCompletion.class.getName();

    private static final System.Logger LOG = System.getLogger(SettleOnCompletion.class.getName());

    private final Passage passage;
    private final HttpServletResponse response;
    private final ErrorWriter errors;
    private final HeldBackResponse held;
    private volatile boolean failed;
    private volatile IdempotentEntry idempotent;
    private volatile RecordedResponse recorded;

    /**
     * @param response the response as the container gave it
     * @param held     the endpoint's side of it, held back under sync durability; or null
     */
    SettleOnCompletion(Passage passage, HttpServletResponse response, ErrorWriter errors, HeldBackResponse held) {
        this.passage = passage;
        this.response = response;
        this.errors = errors;
        this.held = held;
    }

    /**
     * The request claimed an idempotency key: when it settles, its response, as {@code recorded}
     * has it, is kept for the key if it succeeded, and the key is released otherwise.
     */
    void keepFor(IdempotentEntry idempotent, RecordedResponse recorded) {
        this.idempotent = idempotent;
        this.recorded = recorded;
    }

    UUID requestId() {
        return passage.requestId();
    }

    /** Settles the request as failed when it completes, whatever its status then. */
    void fail() {
        failed = true;
    }

    /**
     * Settles the request now and, under sync durability, then lets the endpoint's response end.
     * If its entry cannot be made durable, the client is not left holding that response as
     * complete: one not yet begun is replaced by {@code 503}, one already begun is cut short.
     *
     * @param failed        whether the request failed, whatever its status
     * @param endOfResponse whether the held-back response is the one that ends the request; false
     *                      when the filter answered it otherwise
     * @throws IOException when the response was under way and is cut short
     */
    void settle(boolean failed, boolean endOfResponse) throws IOException {
        HeldBackResponse ending = endOfResponse ? held : null;
        try {
            settlePassage(response.getStatus(), failed || this.failed);
        } catch (RuntimeException notDurable) {
            if (ending == null) {
                throw notDurable;
            }
            LOG.log(System.Logger.Level.ERROR, "The usage entry of request " + passage.requestId()
                    + " is not durable; its response is withheld: " + notDurable.getMessage());
            if (!ending.abandon()) {
                throw new IOException("The usage entry is not durable; the response is cut short", notDurable);
            }
            response.setHeader(RequestHeaders.REQUEST_ID, passage.requestId().toString());
            response.setHeader(RequestHeaders.RETRY_AFTER, "1");
            errors.send(response, ApiErrors.usageUnavailable(passage.requestId()));
            return;
        }
        if (ending != null) {
            ending.release();
        }
    }

    /** The endpoint completes its async context: the request is settled first, then the response ends. */
    void settleBeforeCompletion() {
        try {
            settle(false, true);
        } catch (IOException | RuntimeException e) {
            // Cut short: the held-back end never goes out, so the response the container now
            // completes is not whole.
            LOG.log(System.Logger.Level.DEBUG, "The response of request " + passage.requestId() + " is cut short", e);
        }
    }

    /** The request is dispatched again: its next pass writes without being held back. */
    void passThrough() {
        if (held != null) {
            held.passThrough();
        }
    }

    /**
     * Settles the passage, then ends the idempotency key it claimed, if any: before the response
     * ends, so that a repeat the client sends once it has the response finds it kept.
     */
    private void settlePassage(int status, boolean failed) {
        IdempotentEntry entry = idempotent;
        if (entry == null) {
            passage.settle(status, failed);
            return;
        }
        recorded.flushWriter();
        try {
            passage.settle(status, failed);
        } catch (RuntimeException | Error notSettled) {
            entry.notAdmitted();
            throw notSettled;
        }
        try {
            IdempotentAttempt attempt = entry.attempt();
            attempt.end(status, failed, () -> recorded.stored(passage.requestId()));
        } finally {
            entry.close();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        settlePassage(status(event), failed);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        failed = true;
    }

    @Override
    public void onError(AsyncEvent event) {
        failed = true;
        if (response.isCommitted()) {
            // Cut short after it began: the container aborts the response, and need not report
            // its completion after that (some do not), so the request is settled here.
            settlePassage(status(event), true);
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "The metered endpoint failed on request " + passage.requestId(),
                event.getThrowable());
        try {
            errors.send(response, ApiErrors.internalError(passage.requestId()));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "The error of request " + passage.requestId() + " could not be sent", e);
        } finally {
            complete(event.getAsyncContext());
        }
    }

    /** Completes an async cycle, unless it was dispatched already: that dispatch ends it. */
    static void complete(AsyncContext context) {
        try {
            context.complete();
        } catch (IllegalStateException dispatched) {
            LOG.log(System.Logger.Level.DEBUG, "The async request was dispatched before it could be completed",
                    dispatched);
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // A new async cycle of the same request: keep listening to it.
        event.getAsyncContext().addListener(this);
    }

    private int status(AsyncEvent event) {
        return event.getSuppliedResponse() instanceof HttpServletResponse response
                ? response.getStatus()
                : response.getStatus();
    }
}
