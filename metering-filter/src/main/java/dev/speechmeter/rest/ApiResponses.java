package dev.speechmeter.rest;

import dev.speechmeter.internal.http.RequestHeaders;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.json.JsonStructure;
import jakarta.json.JsonWriter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
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

    static Response ok(JsonStructure body, UUID requestId) {
        return withBody(Response.ok(), body, requestId);
    }

    static Response created(JsonStructure body, UUID requestId) {
        return withBody(Response.status(Response.Status.CREATED), body, requestId);
    }

    /**
     * The body goes out as JSON text written here, never as an object for the server's JSON
     * providers: a host whose application prefers Jackson would write a JSON-P object as a bean.
     */
    private static Response withBody(Response.ResponseBuilder response, JsonStructure body, UUID requestId) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = JsonFactories.WRITERS.createWriter(text)) {
            writer.write(body);
        }
        return noStore(response.type(MediaType.APPLICATION_JSON_TYPE).entity(text.toString()))
                .header(RequestHeaders.REQUEST_ID, requestId.toString()).build();
    }

    static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
