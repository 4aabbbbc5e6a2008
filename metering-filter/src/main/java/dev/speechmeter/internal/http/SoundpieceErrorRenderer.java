package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import jakarta.json.stream.JsonGenerator;

/**
 * The Soundpiece error body, a deployer's option:
 *
 * <pre>{@code
 * {"detail": "Rate limit exceeded; retry in 17 seconds"}
 * }</pre>
 *
 * Other errors carry their message as {@code detail}.
 */
final class SoundpieceErrorRenderer extends JsonErrorRenderer {

    @Override
    void writeMembers(JsonGenerator json, ApiError error) {
        String detail = error.statusCode() == 429
                ? "Rate limit exceeded; retry in " + error.retryAfterSeconds() + " seconds"
                : error.message();
        json.write("detail", detail);
    }
}
