package dev.speechmeter.servlet;

import dev.speechmeter.http.Passage;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

/** Settles an asynchronous request when its response completes, whatever ended it. */
final class SettleOnCompletion implements AsyncListener {

    private final Passage passage;
    private final HttpServletResponse response;
    private volatile boolean failed;

    SettleOnCompletion(Passage passage, HttpServletResponse response) {
        this.passage = passage;
        this.response = response;
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
