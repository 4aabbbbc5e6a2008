package dev.speechmeter.cdi;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.Durability;
import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.Metered;
import dev.speechmeter.UnmeteredRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.http.Passage;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.core.Response;
import java.io.Serializable;
import java.util.Collection;

/**
 * The {@link Metered} door into the engine: the same {@code RequestGate} and settling as the
 * servlet filter, so a method is metered exactly as a mapped path would be. A request the filter
 * (or an outer {@code @Metered} method) already meters passes straight through. A call outside an
 * HTTP request (a timer, a message) is refused with an {@link UnmeteredRequestException}: there is
 * no key to check, so there is no service.
 */
@Metered
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class MeteringInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    private final transient MeteringRuntime runtime;
    private final transient Instance<HttpServletRequest> requests;

    @Inject
    public MeteringInterceptor(MeteringRuntime runtime, Instance<HttpServletRequest> requests) {
        this.runtime = runtime;
        this.requests = requests;
    }

    @AroundInvoke
    public Object meter(InvocationContext invocation) throws Exception {
        HttpServletRequest request = currentRequest(requests);
        if (request == null) {
            // A timer, a message, a thread of its own: no key to check, no limit to take, so no service.
            throw UnmeteredRequestException.at(null);
        }
        if (request.getAttribute(UsageContext.REQUEST_ATTRIBUTE) != null) {
            return invocation.proceed();
        }
        Passage passage = runtime.gate().enter(request, endpointOf(bindingOf(invocation), runtime.engine().config().pools()));
        request.setAttribute(Passage.REQUEST_ATTRIBUTE, passage);
        if (!passage.admitted()) {
            throw passage.refusalException();
        }
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, passage.usage());
        AnsweredAsyncResponse async = answeredThrough(invocation, passage,
                runtime.engine().config().durability() == Durability.SYNC);
        int status = 500;
        boolean failed = true;
        try {
            Object result = invocation.proceed();
            status = statusOf(result);
            failed = false;
            return result;
        } catch (InvalidRequestException e) {
            status = 400;
            failed = false;
            throw e;
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
            failed = false;
            throw e;
        } finally {
            if (async != null && !failed) {
                // The method only started the work: the slot is held until the response is resumed.
                async.register((CompletionCallback) error -> passage.settle(error == null ? async.status() : 500,
                        error != null));
            } else {
                passage.settle(status, failed);
            }
        }
    }

    /** The HTTP request being served on this thread, or null outside one (a timer, a message). */
    static HttpServletRequest currentRequest(Instance<HttpServletRequest> requests) {
        if (!requests.isResolvable()) {
            return null;
        }
        try {
            HttpServletRequest request = requests.get();
            request.getMethod();
            return request;
        } catch (RuntimeException notInAnHttpRequest) {
            return null;
        }
    }

    /** The method's own {@code @Metered} wins over its class's. */
    static Metered bindingOf(InvocationContext invocation) {
        Metered onMethod = invocation.getMethod().getAnnotation(Metered.class);
        if (onMethod != null) {
            return onMethod;
        }
        Class<?> type = invocation.getTarget() == null
                ? invocation.getMethod().getDeclaringClass() : invocation.getTarget().getClass();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Metered onClass = c.getAnnotation(Metered.class);
            if (onClass != null) {
                return onClass;
            }
        }
        throw new IllegalStateException("No @Metered found on " + invocation.getMethod()
                + ": declare it on the method or its class, not through a stereotype");
    }

    /** The endpoint a binding declares, checked as every declaration is ({@link MeteredEndpoint#declared}). */
    static MeteredEndpoint endpointOf(Metered metered, Collection<String> pools) {
        return MeteredEndpoint.declared(metered.scope(), metered.pool(), metered.method(), metered.technology(),
                metered.vendor(), metered.operation(), metered.recorded(), metered.queue(), pools);
    }

    /**
     * The method's {@link AsyncResponse}, if it takes one, put in its place wrapped so that the
     * status of the answer is known when the response completes.
     */
    private static AnsweredAsyncResponse answeredThrough(InvocationContext invocation, Passage passage,
                                                         boolean settleFirst) {
        Object[] parameters = invocation.getParameters();
        if (parameters != null) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof AsyncResponse async) {
                    AnsweredAsyncResponse answered = new AnsweredAsyncResponse(async, passage, settleFirst);
                    parameters[i] = answered;
                    invocation.setParameters(parameters);
                    return answered;
                }
            }
        }
        return null;
    }

    private static int statusOf(Object result) {
        if (result instanceof Response response) {
            return response.getStatus();
        }
        return result == null ? 204 : 200;
    }
}
