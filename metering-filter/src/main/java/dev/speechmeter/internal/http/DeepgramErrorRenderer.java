package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import jakarta.json.stream.JsonGenerator;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Deepgram error body, which the Deepgram-style endpoints
 * always answer with, whatever error style the deployer picked for the rest:
 *
 * <pre>{@code
 * {"err_code": "INVALID_QUERY_PARAMETER", "err_msg": "limit must be between 1 and 1000.", "request_id": "..."}
 * }</pre>
 *
 * A 400 names every bad parameter in {@code err_msg}.
 */
public final class DeepgramErrorRenderer extends JsonErrorRenderer {

    @Override
    void writeMembers(JsonGenerator json, ApiError error) {
        String message = error.validationErrors().isEmpty()
                ? error.message()
                : error.validationErrors().stream().map(ApiError.ValidationError::message)
                        .collect(Collectors.joining(" "));
        json.write("err_code", code(error)).write("err_msg", message);
        writeRequestId(json, error);
    }

    static String code(ApiError error) {
        return switch (error.errorType()) {
            case "invalid_request" -> error.statusCode() == 413 ? "PAYLOAD_TOO_LARGE" : "INVALID_QUERY_PARAMETER";
            case "unauthenticated" -> "INVALID_AUTH";
            case "permission_denied" -> "FORBIDDEN";
            case "not_found" -> "NOT_FOUND";
            case "limit_exceeded" -> "TOO_MANY_REQUESTS";
            case "internal_error" -> "INTERNAL_SERVER_ERROR";
            default -> error.errorType().toUpperCase(Locale.ROOT);
        };
    }
}
