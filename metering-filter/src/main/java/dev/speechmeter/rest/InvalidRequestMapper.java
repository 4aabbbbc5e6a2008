package dev.speechmeter.rest;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.http.ApiErrors;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * Answers an {@link InvalidRequestException} thrown by a JAX-RS resource with
 * {@code 400 invalid_request} in the configured error shape.
 */
@Provider
public class InvalidRequestMapper implements ExceptionMapper<InvalidRequestException> {

    @Inject
    MeteringRuntime runtime;

    @Context
    HttpServletRequest request;

    /**
     * The id is the admitted request's; an endpoint Speechmeter does not meter may throw the
     * exception too (its own bad input), and gets a fresh id, never a refusal for being unmetered.
     */
    @Override
    public jakarta.ws.rs.core.Response toResponse(InvalidRequestException exception) {
        Object admitted = request == null ? null : request.getAttribute(UsageContext.REQUEST_ATTRIBUTE);
        UUID requestId = admitted instanceof UsageContext usage ? usage.requestId() : runtime.engine().newRequestId();
        return ApiResponses.error(runtime.errorRenderer(), ApiErrors.invalidRequest(exception.location(),
                exception.errorType(), exception.getMessage(), requestId));
    }
}
