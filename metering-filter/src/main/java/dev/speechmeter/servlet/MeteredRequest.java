package dev.speechmeter.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as the metered endpoint sees it. Its only difference: when the endpoint goes
 * asynchronous, the listener that settles the request is attached at that very moment, so the
 * slot is released when the async response completes, errors or times out, never before.
 */
final class MeteredRequest extends HttpServletRequestWrapper {

    private final AsyncListener settler;
    private volatile boolean wentAsync;

    MeteredRequest(HttpServletRequest request, AsyncListener settler) {
        super(request);
        this.settler = settler;
    }

    @Override
    public AsyncContext startAsync() {
        return attach(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return attach(super.startAsync(request, response));
    }

    private AsyncContext attach(AsyncContext context) {
        if (!wentAsync) {
            wentAsync = true;
            context.addListener(settler);
        }
        return context;
    }

    /** True once the endpoint started async processing: settling is then the listener's job. */
    boolean wentAsync() {
        return wentAsync;
    }
}
