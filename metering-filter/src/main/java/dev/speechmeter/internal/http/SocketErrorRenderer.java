package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;

/**
 * An error on a WebSocket stream (SPEC section 7): one JSON text message, sent just before the
 * socket is closed. Streams always use this shape, whatever {@code speechmeter.errors.style} says.
 *
 * <pre>{@code
 * {"error_code": 429, "error_type": "limit_exceeded",
 *  "error_message": "Concurrent transcription limit has been exceeded for your project.",
 *  "request_id": "0196..."}
 * }</pre>
 */
public final class SocketErrorRenderer implements ErrorRenderer {

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public String render(ApiError error) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject()
                    .write("error_code", error.statusCode())
                    .write("error_type", error.errorType())
                    .write("error_message", error.message());
            SonioxErrorRenderer.writeRequestId(json, error);
            json.writeEnd();
        }
        return out.toString();
    }
}
