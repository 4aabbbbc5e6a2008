package dev.speechmeter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Level;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.spi.ApiError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SonioxErrorRendererTest {

    private static final UUID REQUEST_ID = UUID.fromString("3d37a3bd-5078-47ee-a369-b204e3bbedda");

    @Test
    void rendersTheSpecShape() {
        Rejection rejection = new Rejection(Rejection.Limit.REQUEST_RATE, Level.PROJECT, null, Duration.ofSeconds(3));

        JsonObject body = parse(new SonioxErrorRenderer("https://docs.example.com/errors")
                .render(ApiErrors.limitExceeded(rejection, REQUEST_ID)));

        assertThat(body.getInt("status_code")).isEqualTo(429);
        assertThat(body.getString("error_type")).isEqualTo("limit_exceeded");
        assertThat(body.getString("message")).isEqualTo("Requests per minute limit has been exceeded for your project.");
        assertThat(body.getJsonArray("validation_errors")).isEmpty();
        assertThat(body.getString("request_id")).isEqualTo(REQUEST_ID.toString());
        assertThat(body.getString("more_info")).isEqualTo("https://docs.example.com/errors#limit-exceeded");
    }

    @Test
    void leavesOutMoreInfoWithoutADocsBaseAndListsValidationErrors() {
        ApiError error = ApiErrors.invalidRequest("query.limit", "less_than_equal", "limit must be at most 1000", REQUEST_ID);

        JsonObject body = parse(new SonioxErrorRenderer(null).render(error));

        assertThat(body.containsKey("more_info")).isFalse();
        JsonObject validation = body.getJsonArray("validation_errors").getJsonObject(0);
        assertThat(validation.getString("error_type")).isEqualTo("less_than_equal");
        assertThat(validation.getString("location")).isEqualTo("query.limit");
        assertThat(validation.getString("message")).isEqualTo("limit must be at most 1000");
    }

    @Test
    void escapesWhateverTheMessageHolds() {
        ApiError error = ApiErrors.invalidRequest("body", "invalid", "quote \" and \\ and\nnewline", REQUEST_ID);

        assertThat(parse(new SonioxErrorRenderer(null).render(error)).getString("message"))
                .isEqualTo("quote \" and \\ and\nnewline");
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
