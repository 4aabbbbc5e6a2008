package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.rest.JsonBodies;
import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON body of {@code POST /tts} itself, with Speechmeter's bounded JSON reading (size,
 * depth, number length), so that a malformed or hostile body is a {@code 400} in the error shape
 * rather than the JAX-RS runtime's own answer.
 */
@ApplicationScoped
public class SpeechRequestReader {

    public SpeechRequest read(InputStream body) throws IOException {
        List<ValidationError> errors = new ArrayList<>();
        JsonObject json = JsonBodies.object(JsonBodies.text(body), errors);
        SpeechRequest request = new SpeechRequest();
        if (json != null) {
            request.text = string(json, "text", errors);
            request.model = string(json, "model", errors);
            request.clientReferenceId = JsonBodies.clientReferenceId(json.get("client_reference_id"), errors);
        }
        if (!errors.isEmpty()) {
            ValidationError first = errors.get(0);
            throw new InvalidRequestException(first.location(), first.errorType(), first.message());
        }
        return request;
    }

    private static String string(JsonObject json, String name, List<ValidationError> errors) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        errors.add(new ValidationError("string_type", "body." + name, name + " must be a string."));
        return null;
    }
}
