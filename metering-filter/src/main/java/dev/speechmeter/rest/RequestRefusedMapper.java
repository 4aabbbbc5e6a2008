package dev.speechmeter.rest;

import dev.speechmeter.RequestRefusedException;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.http.RequestHeaders;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a request that {@code @Metered} refused: {@code 401}, {@code 429} with
 * {@code Retry-After}, or {@code 400}/{@code 413}, in the configured error shape.
 */
@Provider
public class RequestRefusedMapper implements ExceptionMapper<RequestRefusedException> {

    @Inject
    MeteringRuntime runtime;

    @Override
    public Response toResponse(RequestRefusedException refusal) {
        Response response = ApiResponses.error(runtime.errorRenderer(), refusal.error());
        if (refusal.retryAfterSeconds() > 0) {
            response.getHeaders().putSingle(RequestHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        }
        return response;
    }
}
