package dev.speechmeter.cdi;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.TimeoutHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A suspended response as a Jakarta REST runtime keeps it: once resumed, the response is written
 * and the completion callbacks run, given the error only when no mapper answered it (a
 * {@link WebApplicationException} carries its own response, so it is not such an error).
 */
final class FakeAsyncResponse implements AsyncResponse {

    private final List<CompletionCallback> callbacks = new ArrayList<>();
    private final Runnable onWrite;
    private boolean done;
    private Object answer;

    FakeAsyncResponse() {
        this(() -> { });
    }

    /** @param onWrite runs when the answer is written, before the completion callbacks */
    FakeAsyncResponse(Runnable onWrite) {
        this.onWrite = onWrite;
    }

    /** What the response was resumed with: an entity, a {@code Response} or a {@code Throwable}. */
    synchronized Object answer() {
        return answer;
    }

    @Override
    public synchronized boolean resume(Object response) {
        if (!done) {
            answer = response;
            onWrite.run();
        }
        return complete(null);
    }

    @Override
    public synchronized boolean resume(Throwable response) {
        if (!done) {
            answer = response;
            onWrite.run();
        }
        return complete(response instanceof WebApplicationException ? null : response);
    }

    @Override
    public synchronized boolean cancel() {
        return complete(null);
    }

    @Override
    public boolean cancel(int retryAfter) {
        return cancel();
    }

    @Override
    public boolean cancel(Date retryAfter) {
        return cancel();
    }

    /** The runtime's own answer when the response times out with no handler set: 503, nobody resumed it. */
    synchronized void timeOut() {
        complete(null);
    }

    private boolean complete(Throwable unmapped) {
        if (done) {
            return false;
        }
        done = true;
        callbacks.forEach(callback -> callback.onComplete(unmapped));
        return true;
    }

    @Override
    public synchronized boolean isSuspended() {
        return !done;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public synchronized boolean isDone() {
        return done;
    }

    @Override
    public boolean setTimeout(long time, TimeUnit unit) {
        return true;
    }

    @Override
    public void setTimeoutHandler(TimeoutHandler handler) {
    }

    @Override
    public Collection<Class<?>> register(Class<?> callback) {
        throw new UnsupportedOperationException("register an instance");
    }

    @Override
    public Map<Class<?>, Collection<Class<?>>> register(Class<?> callback, Class<?>... callbacks) {
        throw new UnsupportedOperationException("register an instance");
    }

    @Override
    public synchronized Collection<Class<?>> register(Object callback) {
        if (callback instanceof CompletionCallback completion) {
            callbacks.add(completion);
            return List.of(CompletionCallback.class);
        }
        return List.of();
    }

    @Override
    public Map<Class<?>, Collection<Class<?>>> register(Object callback, Object... callbacks) {
        register(callback);
        for (Object other : callbacks) {
            register(other);
        }
        return Map.of();
    }
}
