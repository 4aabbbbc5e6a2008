package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A JAX-RS resource metered by {@code @Metered} alone, on a real WildFly. */
class AnnotationIT extends SampleIT {

    @Test
    void anAnnotatedResourceIsMeteredLikeAMappedPath() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> response = client.identifyLanguage(tenant.authorization(),
                TestAudio.tone(Duration.ofMillis(1500)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(SampleClient.json(response.body()).getString("language")).isEqualTo("en");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.headers().firstValue("RateLimit-Policy").orElseThrow())
                .contains("\"project\";q=100;w=60", "\"project-transcribe\";q=10;qu=\"concurrent-requests\"");
        JsonObject entry = client.usageEntry(requestId);
        assertThat(entry).as("usage entry of " + requestId).isNotNull();
        assertThat(entry.getString("request_scope")).isEqualTo("language_identification");
        assertThat(entry.getString("model")).isEqualTo("lid-sample");
        assertThat(entry.getJsonNumber("input_audio_duration_ms").longValue()).isEqualTo(1500);
        assertThat(entry.getBoolean("billable")).isTrue();
        assertThat(entry.getString("endpoint")).isEqualTo("/v1/language-identification");
    }

    @Test
    void withoutAKeyTheAnnotatedResourceAnswers401InTheSpecShape() {
        HttpResponse<String> response = client.identifyLanguage(null, TestAudio.tone(Duration.ofMillis(100)));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonObject error = SampleClient.json(response.body());
        assertThat(error.getString("error_type")).isEqualTo("unauthenticated");
        assertThat(error.getString("request_id")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void overTheRateTheAnnotatedResourceAnswers429WithRetryAfter() {
        Tenant tenant = client.newTenant(2, null);
        byte[] wav = TestAudio.tone(Duration.ofMillis(100));
        long started = System.nanoTime();
        assertThat(client.identifyLanguage(tenant.authorization(), wav).statusCode()).isEqualTo(200);
        assertThat(client.identifyLanguage(tenant.authorization(), wav).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = client.identifyLanguage(tenant.authorization(), wav);
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(refused.statusCode()).isEqualTo(429);
        // 2 a minute is a token every 30 s, counted from the first request: 30 s less what has passed
        // since (exactly 30 when the three requests took less than a second).
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(30 - elapsedSeconds - 1, 30L).isPositive();
        JsonObject error = SampleClient.json(refused.body());
        assertThat(error.getString("error_type")).isEqualTo("limit_exceeded");
        assertThat(error.getString("message")).isEqualTo("Requests per minute limit has been exceeded for your project.");
        assertThat(error.getString("request_id")).isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
    }
}
