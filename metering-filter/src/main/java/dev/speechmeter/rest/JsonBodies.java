package dev.speechmeter.rest;

import dev.speechmeter.UsageContext;
import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/** Reading the JSON object a request body (or a stream's configuration message) must be. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as a JSON object, or null after adding a validation error on {@code body}. The
     * parser's own words are never passed on: they may quote the body.
     */
    public static JsonObject object(String body, List<ValidationError> errors) {
        if (body == null || body.isBlank()) {
            errors.add(new ValidationError("missing", "body", "The body must be a JSON object."));
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                return value.asJsonObject();
            }
        } catch (JsonException e) {
            // Reported below.
        }
        errors.add(new ValidationError("json_invalid", "body", "The body must be a JSON object."));
        return null;
    }

    /**
     * The optional {@code client_reference_id} field: a string of at most
     * {@value UsageContext#MAX_CLIENT_REFERENCE_ID_LENGTH} characters; null when absent, or
     * after adding a validation error on {@code body.client_reference_id}.
     */
    public static String clientReferenceId(JsonValue value, List<ValidationError> errors) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            errors.add(new ValidationError("string_type", "body.client_reference_id",
                    "client_reference_id must be a string."));
        } else if (text.getString().length() > UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH) {
            errors.add(new ValidationError("string_too_long", "body.client_reference_id",
                    "client_reference_id must have at most " + UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH
                            + " characters."));
        } else {
            return text.getString();
        }
        return null;
    }
}
