package dev.speechmeter.servlet;

import dev.speechmeter.http.ApiErrors;
import dev.speechmeter.http.Passage;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;

/**
 * Settles an asynchronous request when its response completes, whatever ended it. An error the
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
    private volatile boolean failed;

    SettleOnCompletion(Passage passage, HttpServletResponse response, ErrorWriter errors) {
        this.passage = passage;
        this.response = response;
        this.errors = errors;
    }

    UUID requestId() {
        return passage.requestId();
    }

    /** Settles the request as failed when it completes, whatever its status then. */
    void fail() {
        failed = true;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        passage.settle(status(event), failed);
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
            passage.settle(status(event), true);
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
