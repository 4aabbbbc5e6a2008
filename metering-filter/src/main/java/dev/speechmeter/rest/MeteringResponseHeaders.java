package dev.speechmeter.rest;

import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RateLimitHeaders;
import dev.speechmeter.internal.http.RequestHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Puts {@code X-Request-Id}, {@code X-Correlation-Id} and the {@code RateLimit} fields on the
 * responses of {@code @Metered} methods, as the servlet filter does on the paths it meters.
 */
@Provider
public class MeteringResponseHeaders implements ContainerResponseFilter {

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext responseContext) {
        if (request != null && request.getAttribute(Passage.REQUEST_ATTRIBUTE) instanceof Passage passage) {
            responseContext.getHeaders().putSingle(RequestHeaders.REQUEST_ID, passage.requestId().toString());
            if (passage.correlationId() != null) {
                responseContext.getHeaders().putSingle(RequestHeaders.CORRELATION_ID, passage.correlationId());
            }
            RateLimitHeaders.write(passage.quotas(), responseContext.getHeaders()::putSingle);
        }
    }
}
