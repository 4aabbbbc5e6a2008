package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;

/**
 * The Soundpiece error body (SPEC section 3), a deployer's option:
 *
 * <pre>{@code
 * {"detail": "Rate limit exceeded; retry in 17 seconds"}
 * }</pre>
 *
 * Other errors carry their message as {@code detail}.
 */
final class SoundpieceErrorRenderer implements ErrorRenderer {

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public String render(ApiError error) {
        String detail = error.statusCode() == 429
                ? "Rate limit exceeded; retry in " + error.retryAfterSeconds() + " seconds"
                : error.message();
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject().write("detail", detail).writeEnd();
        }
        return out.toString();
    }
}
