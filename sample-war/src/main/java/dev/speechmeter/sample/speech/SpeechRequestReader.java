package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.rest.JsonBodies;
import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
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
            request.text = JsonBodies.optionalString(json, "text", errors);
            request.model = JsonBodies.optionalString(json, "model", errors);
            request.clientReferenceId = JsonBodies.clientReferenceId(json.get("client_reference_id"), errors);
        }
        if (!errors.isEmpty()) {
            ValidationError first = errors.get(0);
            throw new InvalidRequestException(first.location(), first.errorType(), first.message());
        }
        return request;
    }
}
