package dev.speechmeter.cdi;

import dev.speechmeter.RequestRefusedException;
import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.internal.http.Passage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.TimeoutHandler;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@link AsyncResponse} a metered method is given in place of the runtime's: it passes every
 * call on and remembers the status of the answer, which the runtime's completion callback does
 * not tell (it sees an error only when no mapper answered it). Under {@code sync} durability it
 * settles the request before the answer is written, so no client has a response whose entry is
 * not durable; an entry that cannot be made durable turns the answer into
 * {@code 503 service_unavailable}.
 */
final class AnsweredAsyncResponse implements AsyncResponse {

    /** What Jakarta REST answers when a suspended response is cancelled or times out unanswered. */
    private static final int UNAVAILABLE = 503;

    private final AsyncResponse runtime;
    private final Passage passage;
    private final boolean settleFirst;
    private volatile int status = UNAVAILABLE;

    /**
     * @param passage     the request being answered
     * @param settleFirst true under sync durability: the request is settled before its answer is written
     */
    AnsweredAsyncResponse(AsyncResponse runtime, Passage passage, boolean settleFirst) {
        this.runtime = runtime;
        this.passage = passage;
        this.settleFirst = settleFirst;
    }

    /** The status of the answer; 503 when it timed out or was cancelled. */
    int status() {
        return status;
    }

    @Override
    public synchronized boolean resume(Object response) {
        return answer(response instanceof Response answer ? answer.getStatus() : response == null ? 204 : 200,
                () -> runtime.resume(response));
    }

    @Override
    public synchronized boolean resume(Throwable response) {
        return answer(response instanceof WebApplicationException e && e.getResponse() != null
                ? e.getResponse().getStatus() : 500, () -> runtime.resume(response));
    }

    /** The status is set before the runtime resumes, since the completion callback may run within. */
    private boolean answer(int answered, BooleanSupplier resume) {
        if (settleFirst && runtime.isSuspended()) {
            try {
                passage.settle(answered, false);
            } catch (RuntimeException notDurable) {
                status = UNAVAILABLE;
                return runtime.resume(new RequestRefusedException(ApiErrors.usageUnavailable(passage.requestId()), 1));
            }
        }
        int before = status;
        status = answered;
        boolean resumed = resume.getAsBoolean();
        if (!resumed) {
            status = before;
        }
        return resumed;
    }

    @Override
    public boolean cancel() {
        return runtime.cancel();
    }

    @Override
    public boolean cancel(int retryAfter) {
        return runtime.cancel(retryAfter);
    }

    @Override
    public boolean cancel(Date retryAfter) {
        return runtime.cancel(retryAfter);
    }

    @Override
    public boolean isSuspended() {
        return runtime.isSuspended();
    }

    @Override
    public boolean isCancelled() {
        return runtime.isCancelled();
    }

    @Override
    public boolean isDone() {
        return runtime.isDone();
    }

    @Override
    public boolean setTimeout(long time, TimeUnit unit) {
        return runtime.setTimeout(time, unit);
    }

    /** The handler answers through this response, so that its answer is seen too. */
    @Override
    public void setTimeoutHandler(TimeoutHandler handler) {
        runtime.setTimeoutHandler(handler == null ? null : timedOut -> handler.handleTimeout(this));
    }

    @Override
    public Collection<Class<?>> register(Class<?> callback) {
        return runtime.register(callback);
    }

    @Override
    public Map<Class<?>, Collection<Class<?>>> register(Class<?> callback, Class<?>... callbacks) {
        return runtime.register(callback, callbacks);
    }

    @Override
    public Collection<Class<?>> register(Object callback) {
        return runtime.register(callback);
    }

    @Override
    public Map<Class<?>, Collection<Class<?>>> register(Object callback, Object... callbacks) {
        return runtime.register(callback, callbacks);
    }
}
