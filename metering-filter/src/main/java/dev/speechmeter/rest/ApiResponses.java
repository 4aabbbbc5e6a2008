package dev.speechmeter.rest;

import dev.speechmeter.internal.http.RequestHeaders;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Responses of Speechmeter's own endpoints: errors through the renderer, the request id always
 * set, and {@code Cache-Control: no-store} on every one: some carry a secret (a minted key), all
 * carry one project's private data.
 */
final class ApiResponses {

    private ApiResponses() {
    }

    static Response error(ErrorRenderer renderer, ApiError error) {
        Response.ResponseBuilder response = noStore(Response.status(error.statusCode()))
                .type(renderer.contentType())
                .entity(renderer.render(error));
        if (error.requestId() != null) {
            response.header(RequestHeaders.REQUEST_ID, error.requestId());
        }
        if (error.retryAfterSeconds() > 0) {
            response.header(RequestHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        return response.build();
    }

    static Response ok(Object entity, UUID requestId) {
        return noStore(Response.ok(entity)).header(RequestHeaders.REQUEST_ID, requestId.toString()).build();
    }

    static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
