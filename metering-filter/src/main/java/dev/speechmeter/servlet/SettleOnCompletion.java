package dev.speechmeter.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

/** Settles an asynchronous request when its response completes, whatever ended it. */
final class SettleOnCompletion implements AsyncListener {

    private final MeteredExchange exchange;
    private volatile boolean failed;

    SettleOnCompletion(MeteredExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        exchange.settle(status(event), failed);
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
                : exchange.response().getStatus();
    }
}
