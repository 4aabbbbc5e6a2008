package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;

/**
 * An error body that is one JSON object: the writing every JSON style shares, with the members
 * left to each style, and the two members several styles write alike.
 */
abstract class JsonErrorRenderer implements ErrorRenderer {

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public final String render(ApiError error) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject();
            writeMembers(json, error);
            json.writeEnd();
        }
        return out.toString();
    }

    /** Writes the members of the error's object, in the style's order. */
    abstract void writeMembers(JsonGenerator json, ApiError error);

    /** {@code "validation_errors": [{"error_type", "location", "message"}, ...]}. */
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

    /** {@code "request_id": "..."}, or JSON null for an error of no request. */
    static void writeRequestId(JsonGenerator json, ApiError error) {
        if (error.requestId() == null) {
            json.writeNull("request_id");
        } else {
            json.write("request_id", error.requestId());
        }
    }
}
