package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

/**
 * Reads the JSON body of {@code POST /tts} itself, so that a malformed body is answered in the
 * SPEC error shape rather than the JAX-RS runtime's own.
 */
@ApplicationScoped
public class SpeechRequestReader {

    private static final System.Logger LOG = System.getLogger(SpeechRequestReader.class.getName());

    private final Jsonb jsonb = JsonbBuilder.create();

    public SpeechRequest read(String body) {
        if (body == null || body.isBlank()) {
            throw notAnObject();
        }
        SpeechRequest request;
        try {
            request = jsonb.fromJson(body, SpeechRequest.class);
        } catch (JsonbException | JsonException | ArithmeticException | NumberFormatException e) {
            // Whatever the parser makes of a hostile body (too deep, a number too large), it is a bad body.
            throw notAnObject();
        }
        if (request == null) {
            throw notAnObject();
        }
        return request;
    }

    private static InvalidRequestException notAnObject() {
        return new InvalidRequestException("body", "invalid_json",
                "The request body must be a JSON object such as {\"text\": \"Hello\"}.");
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the JSON-B instance failed", e);
        }
    }
}
