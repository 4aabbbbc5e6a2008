package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transcription endpoint behind the filter, on a real WildFly, called over HTTP. */
class TranscriptionIT extends SampleIT {

    @Test
    void theClientsCorrelationIdWinsOverItsRequestIdAndWithoutEitherTheServersIdIsEchoed() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> both = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(1)),
                "X-Request-Id", "client-request-1", "X-Correlation-Id", "client-correlation-1");
        HttpResponse<String> neither = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(1)));

        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(both.headers().allValues("X-Correlation-Id")).containsExactly("client-correlation-1");
        assertThat(both.headers().firstValue("X-Request-Id")).isPresent().get()
                .isNotIn("client-request-1", "client-correlation-1");
        assertThat(neither.statusCode()).as(neither.body()).isEqualTo(200);
        String serverId = neither.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(neither.headers().allValues("X-Correlation-Id")).containsExactly(serverId);
    }

    @Test
    void transcribesAWavAndRecordsItsAudioDuration() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> response = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(2)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        JsonObject transcript = SampleClient.json(response.body());
        assertThat(transcript.getString("id")).isEqualTo(requestId);
        assertThat(transcript.getString("model")).isEqualTo("stt-async-sample");
        assertThat(transcript.getJsonNumber("audio_duration_ms").longValue()).isEqualTo(2000);
        assertThat(transcript.getString("text")).isNotBlank();

        JsonObject entry = client.usageEntry(requestId);
        assertThat(entry).as("usage entry of " + requestId).isNotNull();
        assertThat(entry.getJsonNumber("input_audio_duration_ms").longValue()).isEqualTo(2000);
        assertThat(entry.getString("model")).isEqualTo("stt-async-sample");
        assertThat(entry.getJsonNumber("status_code").intValue()).isEqualTo(200);
        assertThat(entry.getBoolean("billable")).isTrue();
        assertThat(entry.getString("request_scope")).isEqualTo("transcribe_async");
        assertThat(entry.getString("project_id")).isEqualTo(tenant.projectId());
        assertThat(entry.getString("api_key_id")).isEqualTo(tenant.apiKeyId());
        assertThat(entry.getJsonNumber("output_text_tokens").longValue())
                .isEqualTo(transcript.getJsonArray("tokens").size());
    }

    @Test
    void refusesAnUnknownKeyAndAMissingKeyWith401() {
        HttpResponse<String> unknown = client.transcribe("Bearer sm_" + "x".repeat(43), TestAudio.tone(Duration.ofMillis(100)));
        HttpResponse<String> missing = client.transcribe(null, TestAudio.tone(Duration.ofMillis(100)));

        for (HttpResponse<String> response : List.of(unknown, missing)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonObject error = SampleClient.json(response.body());
            assertThat(error.getInt("status_code")).isEqualTo(401);
            assertThat(error.getString("error_type")).isEqualTo("unauthenticated");
            assertThat(error.getString("message")).isNotBlank();
            assertThat(error.getJsonArray("validation_errors")).isEmpty();
            assertThat(error.getString("request_id")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        }
    }

    @Test
    void answersABodyThatIsNotAWavWith400AndNothingInternal() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> response = client.transcribe(tenant.authorization(),
                "this is not audio at all".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = SampleClient.json(response.body());
        assertThat(error.getString("error_type")).isEqualTo("invalid_request");
        assertThat(error.getString("request_id")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        JsonObject validation = error.getJsonArray("validation_errors").getJsonObject(0);
        assertThat(validation.getString("location")).isEqualTo("body");
        assertThat(validation.getString("error_type")).isEqualTo("invalid_wav");
        assertThat(response.body()).doesNotContain("Exception", "dev.speechmeter", "java.", "\tat ", "RESTEASY");

        JsonObject entry = client.usageEntry(error.getString("request_id"));
        assertThat(entry).as("the failed request is kept for the request list").isNotNull();
        assertThat(entry.getBoolean("billable")).isFalse();
        assertThat(entry.getJsonNumber("status_code").intValue()).isEqualTo(400);
    }
}
