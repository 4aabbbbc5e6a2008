package dev.speechmeter.servlet;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.cdi.MeteringRuntime;
import dev.speechmeter.engine.MeteredEndpoint;
import dev.speechmeter.engine.MeteringEngine;
import dev.speechmeter.http.ApiErrors;
import dev.speechmeter.http.Passage;
import dev.speechmeter.http.RateLimitHeaders;
import dev.speechmeter.http.RequestGate;
import dev.speechmeter.http.RequestHeaders;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;

/**
 * Meters the speech endpoints of an existing web application without changing them: it
 * authenticates the key, admits the request against request-rate and concurrency limits, answers
 * {@code 401}/{@code 429} in the SPEC error shape itself, and settles every admitted request
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
 * Paths that no line of {@code speechmeter.endpoints} names pass through untouched.
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

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        if (runtime == null) {
            throw new ServletException("MeteringFilter needs CDI: deploy it in a CDI-enabled web application");
        }
        try {
            MeteringEngine engine = runtime.engine();
            endpoints = EndpointMappings.parse(filterConfig.getInitParameter(EndpointMappings.PARAMETER),
                    engine.config().pools());
            gate = runtime.gate();
            errors = new ErrorWriter(runtime.errorRenderer());
        } catch (ConfigurationException e) {
            throw new ServletException(e.getMessage(), e);
        }
        if (endpoints.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Speechmeter filter ''{0}'' meters no endpoint: set the init parameter {1}",
                    filterConfig.getFilterName(), EndpointMappings.PARAMETER);
        }
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)
                || request.getAttribute(UsageContext.REQUEST_ATTRIBUTE) != null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        MeteredEndpoint endpoint = endpoints.match(RequestGate.pathOf(request));
        if (endpoint == null) {
            chain.doFilter(request, response);
            return;
        }
        meter(request, response, chain, endpoint);
    }

    private void meter(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                       MeteredEndpoint endpoint) throws IOException, ServletException {
        Passage passage = gate.enter(request, endpoint);
        response.setHeader(RequestHeaders.REQUEST_ID, passage.requestId().toString());
        if (passage.correlationId() != null) {
            response.setHeader(RequestHeaders.CORRELATION_ID, passage.correlationId());
        }
        RateLimitHeaders.write(passage.quotas(), response::setHeader);
        if (!passage.admitted()) {
            if (passage.rejection() != null) {
                response.setHeader(RequestHeaders.RETRY_AFTER, Long.toString(passage.rejection().retryAfterSeconds()));
            }
            if (hasUnreadBody(request)) {
                // The body is left unread: close the connection rather than leave it for the next request.
                response.setHeader("Connection", "close");
            }
            errors.send(response, passage.refusal());
            return;
        }
        serve(request, response, chain, passage);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                       Passage passage) throws IOException, ServletException {
        MeteredRequest metered = new MeteredRequest(request, new SettleOnCompletion(passage, response));
        metered.setAttribute(UsageContext.REQUEST_ATTRIBUTE, passage.usage());
        Instant deadline = passage.sessionDeadline();
        HttpServletResponse served = deadline == null
                ? response : new SessionCappedResponse(response, runtime.engine().clock(), deadline);
        boolean failed = true;
        try {
            chain.doFilter(metered, served);
            if (served instanceof SessionCappedResponse capped) {
                capped.flushBuffer();
            }
            failed = false;
        } catch (SessionCappedResponse.SessionOver over) {
            // Cut at the session's end: what was sent was served, and is billed.
            failed = false;
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (sessionOverIn(e)) {
                failed = false;
                return;
            }
            InvalidRequestException invalid = invalidRequestIn(e);
            if (invalid == null || response.isCommitted()) {
                throw e;
            }
            errors.send(response, ApiErrors.invalidRequest(invalid.location(), invalid.errorType(),
                    invalid.getMessage(), passage.requestId()));
            failed = false;
        } finally {
            if (!metered.wentAsync()) {
                passage.settle(response.getStatus(), failed);
            }
        }
    }

    private static boolean hasUnreadBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean sessionOverIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SessionCappedResponse.SessionOver) {
                return true;
            }
        }
        return false;
    }

    private static InvalidRequestException invalidRequestIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidRequestException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
