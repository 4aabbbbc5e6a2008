package dev.speechmeter.rest;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.cdi.MeteringRuntime;
import dev.speechmeter.http.ApiErrors;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers an {@link InvalidRequestException} thrown by a JAX-RS resource with
 * {@code 400 invalid_request} in the configured error shape.
 */
@Provider
public class InvalidRequestMapper implements ExceptionMapper<InvalidRequestException> {

    @Inject
    MeteringRuntime runtime;

    @Inject
    UsageContext usage;

    @Override
    public jakarta.ws.rs.core.Response toResponse(InvalidRequestException exception) {
        return ApiResponses.error(runtime.errorRenderer(), ApiErrors.invalidRequest(exception.location(),
                exception.errorType(), exception.getMessage(), usage.requestId()));
    }
}
