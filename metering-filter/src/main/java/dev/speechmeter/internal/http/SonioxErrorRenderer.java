package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import jakarta.json.stream.JsonGenerator;
import java.util.Locale;

/**
 * The default error body:
 *
 * <pre>{@code
 * {"status_code": 429, "error_type": "limit_exceeded",
 *  "message": "Requests per minute limit has been exceeded for your project.",
 *  "validation_errors": [], "request_id": "...", "more_info": "https://docs.example.com/errors#limit-exceeded"}
 * }</pre>
 *
 * {@code more_info} is left out when no docs base is configured.
 */
public final class SonioxErrorRenderer extends JsonErrorRenderer {

    private final String docsBase;

    /** @param docsBase base of the {@code more_info} link, e.g. {@code https://docs.example.com/errors}; null for none */
    public SonioxErrorRenderer(String docsBase) {
        this.docsBase = docsBase;
    }

    @Override
    void writeMembers(JsonGenerator json, ApiError error) {
        json.write("status_code", error.statusCode())
                .write("error_type", error.errorType())
                .write("message", error.message());
        writeValidationErrors(json, error);
        writeRequestId(json, error);
        if (docsBase != null) {
            json.write("more_info", docsBase + "#" + error.errorType().replace('_', '-').toLowerCase(Locale.ROOT));
        }
    }
}
