package dev.speechmeter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.ApiError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeepgramErrorRendererTest {

    private static final UUID REQUEST_ID = UUID.fromString("3d37a3bd-5078-47ee-a369-b204e3bbedda");
    private final DeepgramErrorRenderer renderer = new DeepgramErrorRenderer();

    @Test
    void aValidationErrorNamesEveryBadParameter() {
        ApiError error = new ApiError(400, "invalid_request", "The query is not valid.", List.of(
                new ApiError.ValidationError("less_than_equal", "query.limit", "limit must be between 1 and 1000."),
                new ApiError.ValidationError("enum", "query.status", "status must be succeeded or failed.")),
                REQUEST_ID.toString());

        JsonObject body = parse(renderer.render(error));

        assertThat(body.keySet()).containsExactly("err_code", "err_msg", "request_id");
        assertThat(body.getString("err_code")).isEqualTo("INVALID_QUERY_PARAMETER");
        assertThat(body.getString("err_msg"))
                .isEqualTo("limit must be between 1 and 1000. status must be succeeded or failed.");
        assertThat(body.getString("request_id")).isEqualTo(REQUEST_ID.toString());
        assertThat(renderer.contentType()).isEqualTo("application/json");
    }

    @ParameterizedTest
    @CsvSource({
        "401, unauthenticated,   INVALID_AUTH",
        "403, permission_denied, FORBIDDEN",
        "404, not_found,         NOT_FOUND",
        "429, limit_exceeded,    TOO_MANY_REQUESTS",
        "500, internal_error,    INTERNAL_SERVER_ERROR",
    })
    void eachErrorTypeHasItsDeepgramCode(int status, String type, String code) {
        JsonObject body = parse(renderer.render(new ApiError(status, type, "Message.", List.of(), REQUEST_ID.toString())));

        assertThat(body.getString("err_code")).isEqualTo(code);
        assertThat(body.getString("err_msg")).isEqualTo("Message.");
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
