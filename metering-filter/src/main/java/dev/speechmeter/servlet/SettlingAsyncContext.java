package dev.speechmeter.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The async context a metered endpoint gets: completing it settles the request first, so that
 * under {@code sync} durability the end of the response, held back until then, goes to the client
 * only once its usage entry is durable. A dispatch hands the response to the container's next
 * pass, which is not held back.
 */
final class SettlingAsyncContext implements AsyncContext {

    private final AsyncContext context;
    private final SettleOnCompletion settler;
    private final AtomicBoolean completing = new AtomicBoolean();

    SettlingAsyncContext(AsyncContext context, SettleOnCompletion settler) {
        this.context = context;
        this.settler = settler;
    }

    /** Whether this is the endpoint's side of the given context. */
    boolean wraps(AsyncContext other) {
        return context == other;
    }

    @Override
    public void complete() {
        if (completing.compareAndSet(false, true)) {
            try {
                settler.settleBeforeCompletion();
            } finally {
                context.complete();
            }
        } else {
            context.complete();
        }
    }

    @Override
    public void dispatch() {
        settler.passThrough();
        context.dispatch();
    }

    @Override
    public void dispatch(String path) {
        settler.passThrough();
        context.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        settler.passThrough();
        context.dispatch(servletContext, path);
    }

    @Override
    public ServletRequest getRequest() {
        return context.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return context.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return context.hasOriginalRequestAndResponse();
    }

    @Override
    public void start(Runnable run) {
        context.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        context.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        context.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        return context.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
        context.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return context.getTimeout();
    }
}
