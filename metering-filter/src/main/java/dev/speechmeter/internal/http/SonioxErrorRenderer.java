package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.Locale;

/**
 * The default error body (SPEC section 2):
 *
 * <pre>{@code
 * {"status_code": 429, "error_type": "limit_exceeded",
 *  "message": "Requests per minute limit has been exceeded for your project.",
 *  "validation_errors": [], "request_id": "...", "more_info": "https://docs.example.com/errors#limit-exceeded"}
 * }</pre>
 *
 * {@code more_info} is left out when no docs base is configured.
 */
public final class SonioxErrorRenderer implements ErrorRenderer {

    private final String docsBase;

    /** @param docsBase base of the {@code more_info} link, e.g. {@code https://docs.example.com/errors}; null for none */
    public SonioxErrorRenderer(String docsBase) {
        this.docsBase = docsBase;
    }

    /** {@code "validation_errors": [{"error_type", "location", "message"}, ...]}, as both JSON styles write it. */
    static void writeValidationErrors(JsonGenerator json, ApiError error) {
        json.writeStartArray("validation_errors");
        for (ApiError.ValidationError validation : error.validationErrors()) {
            json.writeStartObject()
                    .write("error_type", validation.errorType())
                    .write("location", validation.location())
                    .write("message", validation.message())
                    .writeEnd();
        }
        json.writeEnd();
    }

    /** {@code "request_id": "..."}, or JSON null for an error of no request, as every JSON style writes it. */
    static void writeRequestId(JsonGenerator json, ApiError error) {
        if (error.requestId() == null) {
            json.writeNull("request_id");
        } else {
            json.write("request_id", error.requestId());
        }
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public String render(ApiError error) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject()
                    .write("status_code", error.statusCode())
                    .write("error_type", error.errorType())
                    .write("message", error.message());
            writeValidationErrors(json, error);
            writeRequestId(json, error);
            if (docsBase != null) {
                json.write("more_info", docsBase + "#" + error.errorType().replace('_', '-').toLowerCase(Locale.ROOT));
            }
            json.writeEnd();
        }
        return out.toString();
    }
}
