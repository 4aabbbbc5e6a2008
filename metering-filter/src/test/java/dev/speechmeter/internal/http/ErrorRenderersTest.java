package dev.speechmeter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.ErrorStyle;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Level;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ErrorRenderersTest {

    private static final UUID REQUEST_ID = UUID.fromString("0193f0b2-7c1e-7a4d-9f0e-2b8c1d3e4f50");
    private static final ApiError POOL_FULL = ApiErrors.limitExceeded(
            new Rejection(Rejection.Limit.CONCURRENCY, Level.PROJECT, "transcribe", Duration.ofSeconds(1)), REQUEST_ID);
    private static final ApiError RATE = ApiErrors.limitExceeded(
            new Rejection(Rejection.Limit.REQUEST_RATE, Level.ORGANIZATION, null, Duration.ofMillis(16_200)), REQUEST_ID);

    @Test
    void soundpieceSaysWhenToRetry() {
        ErrorRenderer renderer = ErrorRenderers.of(ErrorStyle.SOUNDPIECE, null);

        assertThat(renderer.contentType()).isEqualTo("application/json");
        assertThat(parse(renderer.render(RATE))).isEqualTo(Json.createObjectBuilder()
                .add("detail", "Rate limit exceeded; retry in 17 seconds").build());
        assertThat(parse(renderer.render(ApiErrors.unauthenticated("Invalid API key.", REQUEST_ID))).getString("detail"))
                .isEqualTo("Invalid API key.");
    }

    @Test
    void soundpieceNamesWhatRanOutWhenItIsNotTheRequestRate() {
        ErrorRenderer renderer = ErrorRenderers.of(ErrorStyle.SOUNDPIECE, null);
        ApiError capacity = ApiErrors.limitExceeded(new Rejection(Rejection.Limit.CAPACITY, Level.PROJECT, null,
                Duration.ofSeconds(3_600), new LabelSet("speech_to_text", "sample", "transcribe"), BillingPeriod.DAY),
                REQUEST_ID);

        assertThat(parse(renderer.render(POOL_FULL)).getString("detail"))
                .isEqualTo("Concurrent transcription limit has been exceeded for your project; retry in 1 seconds");
        assertThat(parse(renderer.render(capacity)).getString("detail"))
                .startsWith("Usage limit exceeded for your project: no processed audio left for")
                .endsWith("; retry in 3600 seconds");
    }

    @Test
    void problemDetailsUseTheQuotaExceededTypeAndNameTheViolatedPolicy() {
        ErrorRenderer renderer = ErrorRenderers.of(ErrorStyle.PROBLEM, "https://docs.example.com/errors");

        JsonObject problem = parse(renderer.render(POOL_FULL));

        assertThat(renderer.contentType()).isEqualTo("application/problem+json");
        assertThat(problem.getString("type")).isEqualTo("https://iana.org/assignments/http-problem-types#quota-exceeded");
        assertThat(problem.getInt("status")).isEqualTo(429);
        assertThat(problem.getString("detail")).isEqualTo("Concurrent transcription limit has been exceeded for your project.");
        assertThat(problem.getJsonArray("violated-policies").getString(0)).isEqualTo("project-transcribe");
        assertThat(problem.getString("request_id")).isEqualTo(REQUEST_ID.toString());
        assertThat(parse(renderer.render(RATE)).getJsonArray("violated-policies").getString(0)).isEqualTo("organization");
    }

    @Test
    void problemDetailsOfOtherErrorsPointAtTheDocs() {
        ApiError invalid = ApiErrors.invalidRequest("query.limit", "less_than_equal", "limit must be at most 1000", REQUEST_ID);

        JsonObject problem = parse(ErrorRenderers.of(ErrorStyle.PROBLEM, "https://docs.example.com/errors").render(invalid));

        assertThat(problem.getString("type")).isEqualTo("https://docs.example.com/errors#invalid-request");
        assertThat(problem.getString("title")).isEqualTo("Bad Request");
        assertThat(problem.containsKey("violated-policies")).isFalse();
        assertThat(problem.getJsonArray("validation_errors").getJsonObject(0).getString("location")).isEqualTo("query.limit");
        assertThat(parse(ErrorRenderers.of(ErrorStyle.PROBLEM, null).render(invalid)).getString("type"))
                .isEqualTo("about:blank");
    }

    @Test
    void sonioxIsTheDefault() {
        assertThat(ErrorRenderers.of(MeteringConfig.defaults().errorStyle(), null))
                .isInstanceOf(SonioxErrorRenderer.class);
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
