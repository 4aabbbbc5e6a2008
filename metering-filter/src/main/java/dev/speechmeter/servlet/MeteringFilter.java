package dev.speechmeter.servlet;

import static dev.speechmeter.internal.http.Causes.causeOf;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.Durability;
import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.MeteringProperties;
import dev.speechmeter.RequestRefusedException;
import dev.speechmeter.UnmeteredRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.internal.http.DeepgramErrorRenderer;
import dev.speechmeter.internal.http.IdempotentEntry;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RateLimitHeaders;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.internal.http.RequestHeaders;
import dev.speechmeter.spi.StoredResponse;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Meters the speech endpoints of an existing web application without changing them: it
 * authenticates the key, admits the request against request-rate and concurrency limits, answers
 * {@code 401}/{@code 429} in the error shape itself, and settles every admitted request
 * (slot released, usage recorded) when its response completes, on every path.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>speechmeter</filter-name>
 *   <filter-class>dev.speechmeter.servlet.MeteringFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param>
 *     <param-name>speechmeter.endpoints</param-name>
 *     <param-value>
 *       /v1/transcriptions  transcribe_async  pool=transcribe
 *       /tts                tts_rest          pool=tts
 *     </param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>speechmeter</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * Paths that no line of {@code speechmeter.endpoints} names pass through untouched; a mapping
 * matches every spelling of its path (case, trailing slash, {@code ;} parameters, {@code .}
 * segments, percent-encoding). An endpoint reached by a path no mapping names still cannot serve
 * for free: its {@link UsageContext} refuses the request. An endpoint's own exception is answered
 * {@code 500 internal_error} in the error shape, never with the container's error page. An async
 * request its endpoint dispatches again is admitted once and settled once; for an exception on
 * that second pass to be answered in the error shape too, map the filter for both
 * {@code <dispatcher>REQUEST</dispatcher>} and {@code <dispatcher>ASYNC</dispatcher>}. A request
 * to an endpoint mapped with a bounded wait ({@code queue=20s}) that finds its pool full waits for
 * a slot holding no thread, and is served through an async dispatch when it gets one: such an
 * endpoint needs the {@code ASYNC} dispatcher; without it, the request is refused, not served.
 */
public class MeteringFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(MeteringFilter.class.getName());

    @Inject
    MeteringRuntime runtime;

    /** For the container, which injects the runtime. */
    public MeteringFilter() {
    }

    /** For applications without CDI, or tests: meter through the given runtime. */
    public MeteringFilter(MeteringRuntime runtime) {
        this.runtime = runtime;
    }

    private EndpointMappings endpoints;
    private RequestGate gate;
    private ErrorWriter errors;
    private ErrorWriter deepgramErrors;
    private SpeechmeterPaths shapedPaths;

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        if (runtime == null) {
            throw new ServletException("MeteringFilter needs a MeteringRuntime: deploy it in a CDI-enabled web application, "
                    + "or register new MeteringFilter(runtime) (see Deploying, Without CDI)");
        }
        requireJsonProcessing();
        try {
            MeteringEngine engine = runtime.engine();
            endpoints = EndpointMappings.parse(filterConfig.getInitParameter(EndpointMappings.PARAMETER),
                    engine.config().pools());
            gate = runtime.gate();
            errors = new ErrorWriter(runtime.errorRenderer());
            deepgramErrors = new ErrorWriter(new DeepgramErrorRenderer());
            shapedPaths = new SpeechmeterPaths(runtime.annotatedPaths(), runtime.engine().config().restPrefix());
        } catch (ConfigurationException e) {
            throw new ServletException(e.getMessage(), e);
        }
        if (endpoints.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Speechmeter filter ''{0}'' meters no endpoint: set the init parameter {1}",
                    filterConfig.getFilterName(), EndpointMappings.PARAMETER);
        }
        runtime.announce(endpoints.describe());
    }

    /**
     * What every {@code MeteringFilter} registered in {@code context} meters, in a few words per
     * endpoint, read from their {@value MeteringProperties#ENDPOINTS} init parameters: for the
     * start-up line, logged when the application starts, before a container that starts its
     * filters lazily has started this one. A bad line fails here, at deployment, as it would
     * when the filter starts.
     *
     * @throws ConfigurationException when a mapping is not valid
     */
    public static List<String> meteredEndpoints(ServletContext context, Collection<String> pools) {
        List<String> endpoints = new ArrayList<>();
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (MeteringFilter.class.getName().equals(registration.getClassName())) {
                endpoints.addAll(EndpointMappings.parse(registration.getInitParameter(EndpointMappings.PARAMETER), pools)
                        .describe());
            }
        }
        return endpoints;
    }

    /**
     * Errors are written with Jakarta JSON Processing, which a Jakarta EE server provides and a
     * plain servlet container does not: without it, the filter would fail on its first refusal.
     */
    private static void requireJsonProcessing() throws ServletException {
        try {
            JsonProvider.provider();
        } catch (JsonException | LinkageError missing) {
            throw new ServletException("MeteringFilter needs a Jakarta JSON Processing implementation: add "
                    + "org.eclipse.parsson:parsson to the application (a Jakarta EE server has one)", missing);
        }
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(WaitForSlot.ATTRIBUTE) instanceof WaitForSlot waited) {
            // It waited for a slot, and got one: served now, as it would have been at once.
            request.removeAttribute(WaitForSlot.ATTRIBUTE);
            serve(request, waited.openResponse(), chain, waited.passage(), waited.idempotent());
            return;
        }
        if (request.getAttribute(UsageContext.REQUEST_ATTRIBUTE) != null) {
            // Admitted already: a forward, an include, or an async request dispatched again.
            if (request.getDispatcherType() == DispatcherType.ASYNC
                    && request.getAttribute(SettleOnCompletion.ATTRIBUTE) instanceof SettleOnCompletion settler) {
                serveAgain(request, response, chain, settler);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        Set<String> spellings = PathSpellings.of(request);
        MeteredEndpoint endpoint = endpoints.match(request.getMethod(), spellings);
        if (endpoint == null) {
            String own = shapedPaths.of(spellings);
            // A metered path asked with a method no line meters (PUT where only POST is metered):
            // not served by the meter, but its errors are in the error shape as the endpoint's are.
            ErrorWriter shapedErrors = own != null ? (shapedPaths.isDeepgram(own) ? deepgramErrors : errors)
                    : endpoints.namesPath(spellings) ? errors : null;
            passThrough(request, response, chain, shapedErrors);
            return;
        }
        meter(request, response, chain, endpoint);
    }

    /**
     * An unmapped path is served as it is, unless it reaches a metered endpoint anyway: that
     * endpoint's {@code UsageContext} refuses, and the refusal is answered in the error shape. On
     * Speechmeter's own paths ({@code ownErrors} not null), every error is in the error shape too.
     */
    private void passThrough(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                             ErrorWriter ownErrors) throws IOException, ServletException {
        ErrorShapedResponse shaped = ownErrors == null ? null : new ErrorShapedResponse(response, true);
        try {
            chain.doFilter(request, shaped == null ? response : shaped);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            UnmeteredRequestException unmetered = causeOf(e, UnmeteredRequestException.class);
            if (response.isCommitted() || (unmetered == null && ownErrors == null)) {
                throw e;
            }
            if (unmetered != null) {
                response.setHeader(RequestHeaders.REQUEST_ID, unmetered.requestId());
                errors.send(response, unmetered.error());
            } else {
                UUID requestId = requestIdOf(request);
                LOG.log(System.Logger.Level.ERROR, "Speechmeter's endpoint failed on request " + requestId, e);
                response.setHeader(RequestHeaders.REQUEST_ID, requestId.toString());
                ownErrors.send(response, ApiErrors.internalError(requestId));
            }
            return;
        }
        if (shaped != null && shaped.awaitsErrorBody()) {
            UUID requestId = requestIdOf(request);
            response.setHeader(RequestHeaders.REQUEST_ID, requestId.toString());
            ownErrors.send(response, ApiErrors.ofStatus(shaped.getStatus(), requestId,
                    MediaTypeHeaders.malformed(request)));
        }
    }

    /**
     * The id of a request on an unmapped path: the one its {@code @Metered} method was admitted
     * and recorded under, so that the error's {@code request_id} finds the request; else a new one.
     */
    private UUID requestIdOf(HttpServletRequest request) {
        return request.getAttribute(Passage.REQUEST_ATTRIBUTE) instanceof Passage passage
                ? passage.requestId() : runtime.engine().newRequestId();
    }

    private void meter(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                       MeteredEndpoint endpoint) throws IOException, ServletException {
        IdempotentEntry idempotent = IdempotentEntry.of(runtime.idempotency(), request.getMethod(), request::getHeader,
                RequestGate.pathOf(request), request.getQueryString(), request::getInputStream);
        Passage passage;
        try {
            passage = gate.enter(request, endpoint, idempotent);
        } catch (RuntimeException | Error e) {
            if (idempotent != null) {
                idempotent.notAdmitted();
            }
            throw e;
        }
        if (idempotent != null && !passage.admitted()) {
            idempotent.notAdmitted();
            if (idempotent.replay() != null) {
                replay(response, passage, idempotent.replay());
                return;
            }
        }
        response.setHeader(RequestHeaders.REQUEST_ID, passage.requestId().toString());
        if (passage.correlationId() != null) {
            response.setHeader(RequestHeaders.CORRELATION_ID, passage.correlationId());
        }
        RateLimitHeaders.write(passage.quotas(), response::setHeader);
        if (!passage.admitted()) {
            if (passage.refusal().retryAfterSeconds() > 0) {
                response.setHeader(RequestHeaders.RETRY_AFTER, Long.toString(passage.refusal().retryAfterSeconds()));
            }
            if (hasUnreadBody(request)) {
                // The body is left unread: close the connection rather than leave it for the next request.
                response.setHeader("Connection", "close");
            }
            errors.send(response, passage.refusal());
            return;
        }
        if (passage.waitsForSlot() && !endpoint.queue().maxWait().isZero()) {
            WaitForSlot.start(request, response, passage, idempotent, endpoint.queue().maxWait(), errors);
            return;
        }
        serve(request, response, chain, passage, idempotent);
    }

    /**
     * Answers a repeat of an idempotent request with the response its first request got: its
     * status, the headers worth repeating, its body and its request id, marked as repeated.
     */
    private static void replay(HttpServletResponse response, Passage passage, StoredResponse kept) throws IOException {
        response.setStatus(kept.status());
        kept.headers().forEach(response::setHeader);
        response.setHeader(RequestHeaders.REQUEST_ID, kept.requestId().toString());
        if (passage.correlationId() != null) {
            response.setHeader(RequestHeaders.CORRELATION_ID, passage.correlationId());
        }
        response.setHeader(IdempotentEntry.REPLAYED, "true");
        response.setContentLengthLong(kept.body().length);
        response.getOutputStream().write(kept.body());
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                       Passage passage, IdempotentEntry idempotent) throws IOException, ServletException {
        // A server error's body is held back whoever wrote it (a framework's exception mapper
        // quotes the exception): the client gets internal_error in the error shape instead.
        ErrorShapedResponse shaped = new ErrorShapedResponse(response, true);
        // Under sync durability the client gets the end of the response only once its entry is
        // durable: when the request is settled here, or, for one that went async, when its
        // endpoint completes it.
        HeldBackResponse held = runtime.engine().config().durability() == Durability.SYNC
                ? new HeldBackResponse(shaped) : null;
        SettleOnCompletion settler = new SettleOnCompletion(passage, response, errors, held);
        HttpServletResponse endpointSide = held == null ? shaped : held;
        HttpServletRequest source = request;
        if (idempotent != null) {
            RecordedResponse recorded = new RecordedResponse(endpointSide);
            settler.keepFor(idempotent, recorded);
            endpointSide = recorded;
            source = new ReplayedBodyRequest(request, idempotent.body());
        }
        MeteredRequest metered = new MeteredRequest(source, settler, runtime.engine().config().maxRequestBytes());
        metered.setAttribute(UsageContext.REQUEST_ATTRIBUTE, passage.usage());
        metered.setAttribute(SettleOnCompletion.ATTRIBUTE, settler);
        Instant deadline = passage.sessionDeadline();
        HttpServletResponse served = deadline == null
                ? endpointSide : new SessionCappedResponse(endpointSide, runtime.engine().clock(), deadline);
        boolean failed = true;
        boolean answeredHere = false;
        boolean endpointReturned = false;
        boolean leftToContainer = false;
        try {
            chain.doFilter(metered, served);
            endpointReturned = true;
            if (served instanceof SessionCappedResponse capped) {
                capped.flushBuffer();
            }
            failed = false;
        } catch (SessionCappedResponse.SessionOver over) {
            // Cut at the session's end: what was sent was served, and is billed.
            failed = false;
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (causeOf(e, SessionCappedResponse.SessionOver.class) != null) {
                failed = false;
                return;
            }
            if (response.isCommitted()) {
                // Cut short after it began: the container aborts the response, and tells the
                // listener of an async one, which settles it as failed.
                leftToContainer = true;
                throw e;
            }
            InvalidRequestException invalid = causeOf(e, InvalidRequestException.class);
            RequestRefusedException refused = causeOf(e, RequestRefusedException.class);
            answeredHere = true;
            if (metered.bodyTooLarge()) {
                errors.send(response, ApiErrors.payloadTooLarge(runtime.engine().config().maxRequestBytes(),
                        passage.requestId()));
            } else if (invalid != null) {
                errors.send(response, ApiErrors.invalidRequest(invalid.location(), invalid.errorType(),
                        invalid.getMessage(), passage.requestId()));
                failed = false;
            } else if (refused != null) {
                // Refused by the meter after all: a request waiting for a slot that did not become a job.
                if (refused.retryAfterSeconds() > 0) {
                    response.setHeader(RequestHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
                }
                errors.send(response, refused.error());
                failed = false;
            } else {
                // The endpoint's own failure: logged here with the request id, answered without internals.
                LOG.log(System.Logger.Level.ERROR, "The metered endpoint failed on request " + passage.requestId(), e);
                errors.send(response, ApiErrors.internalError(passage.requestId()));
            }
        } finally {
            if (!metered.wentAsync()) {
                boolean tooLarge = !failed && metered.bodyTooLarge();
                try {
                    if (!failed) {
                        answeredHere |= answerHeldBackError(request, response, shaped, tooLarge, passage);
                    }
                } finally {
                    settler.settle(failed || tooLarge, !failed && !answeredHere);
                }
            } else if (!endpointReturned && !leftToContainer) {
                // Async, then threw: the exception stopped here, so the container never hears of
                // it and nothing else would complete the request, whose slot would stay held.
                if (failed) {
                    settler.fail();
                }
                SettleOnCompletion.complete(metered.getAsyncContext());
            }
        }
    }

    /**
     * Serves an async request its endpoint dispatched again: admitted once already, and settled
     * by its listener when it completes, so what is left is the endpoint's exception, answered in
     * the error shape as on the first pass rather than with the container's error page.
     */
    private void serveAgain(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                            SettleOnCompletion settler) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (response.isCommitted()) {
                throw e;
            }
            InvalidRequestException invalid = causeOf(e, InvalidRequestException.class);
            if (invalid != null) {
                errors.send(response, ApiErrors.invalidRequest(invalid.location(), invalid.errorType(),
                        invalid.getMessage(), settler.requestId()));
            } else {
                LOG.log(System.Logger.Level.ERROR, "The metered endpoint failed on request " + settler.requestId(), e);
                settler.fail();
                errors.send(response, ApiErrors.internalError(settler.requestId()));
            }
            if (request.isAsyncStarted()) {
                // Async again on this pass, then threw: nothing else would complete it.
                SettleOnCompletion.complete(request.getAsyncContext());
            }
        }
    }

    /**
     * Writes the error an endpoint ended with but did not word: a body that passed the size limit
     * (a framework answers the failed read itself, with its own 400), or a status set by
     * {@code sendError} or with no body.
     */
    private boolean answerHeldBackError(HttpServletRequest request, HttpServletResponse response,
                                        ErrorShapedResponse shaped, boolean tooLarge, Passage passage)
            throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        if (tooLarge) {
            errors.send(response, ApiErrors.payloadTooLarge(runtime.engine().config().maxRequestBytes(),
                    passage.requestId()));
            return true;
        }
        if (shaped.awaitsErrorBody()) {
            errors.send(response, ApiErrors.ofStatus(shaped.getStatus(), passage.requestId(),
                    MediaTypeHeaders.malformed(request)));
            return true;
        }
        return false;
    }

    private static boolean hasUnreadBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
