package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import jakarta.json.stream.JsonGenerator;

/**
 * An error on a WebSocket stream: one JSON text message, sent just before the
 * socket is closed. Streams always use this shape, whatever {@code speechmeter.errors.style} says.
 *
 * <pre>{@code
 * {"error_code": 429, "error_type": "limit_exceeded",
 *  "error_message": "Concurrent transcription limit has been exceeded for your project.",
 *  "request_id": "0196..."}
 * }</pre>
 */
public final class SocketErrorRenderer extends JsonErrorRenderer {

    @Override
    void writeMembers(JsonGenerator json, ApiError error) {
        json.write("error_code", error.statusCode())
                .write("error_type", error.errorType())
                .write("error_message", error.message());
        writeRequestId(json, error);
    }
}
