package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.Level;
import jakarta.json.stream.JsonGenerator;
import java.util.Arrays;

/**
 * The Soundpiece error body, a deployer's option:
 *
 * <pre>{@code
 * {"detail": "Rate limit exceeded; retry in 17 seconds"}
 * {"detail": "Concurrent transcription limit has been exceeded for your project; retry in 1 seconds"}
 * }</pre>
 *
 * A refusal by the request rate says so in Soundpiece's words; one by a concurrency pool or a
 * capacity names what ran out. Other errors carry their message as {@code detail}.
 */
final class SoundpieceErrorRenderer extends JsonErrorRenderer {

    @Override
    void writeMembers(JsonGenerator json, ApiError error) {
        json.write("detail", error.statusCode() == 429 ? refusal(error) : error.message());
    }

    private static String refusal(ApiError error) {
        String what = byRequestRate(error) ? "Rate limit exceeded" : withoutFullStop(error.message());
        return what + "; retry in " + error.retryAfterSeconds() + " seconds";
    }

    /** A request-rate policy is named after its level alone ({@code project}); the others name more. */
    private static boolean byRequestRate(ApiError error) {
        return !error.violatedPolicies().isEmpty() && error.violatedPolicies().stream()
                .allMatch(policy -> Arrays.stream(Level.values()).anyMatch(level -> level.wireName().equals(policy)));
    }

    private static String withoutFullStop(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
