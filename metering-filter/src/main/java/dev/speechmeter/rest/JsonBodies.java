package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/** Reading the JSON object a request body must be. */
final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as a JSON object, or null after adding a validation error on {@code body}. The
     * parser's own words are never passed on: they may quote the body.
     */
    static JsonObject object(String body, List<ValidationError> errors) {
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
}
