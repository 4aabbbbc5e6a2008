package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Request-rate and concurrency limits of a project, as a client of the deployed sample meets them. */
class LimitsIT extends SampleIT {

    @Test
    void theRequestOverThePerMinuteLimitGets429WithRetryAfter() {
        Tenant tenant = client.newTenant(3, null);
        byte[] wav = TestAudio.tone(Duration.ofMillis(200));
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(client.transcribe(tenant.authorization(), wav).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = client.transcribe(tenant.authorization(), wav);
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(refused.statusCode()).isEqualTo(429);
        // 3 a minute is a token every 20 s, counted from the first request: 20 s less what has passed since.
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(20 - elapsedSeconds - 1, 20L).isPositive();
        JsonObject error = SampleClient.json(refused.body());
        assertThat(error.getInt("status_code")).isEqualTo(429);
        assertThat(error.getString("error_type")).isEqualTo("limit_exceeded");
        assertThat(error.getString("message")).isEqualTo("Requests per minute limit has been exceeded for your project.");
        assertThat(error.getString("request_id")).isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void withBothSlotsHeldTheNextTranscriptionGets429AndAllComeBack() throws Exception {
        Tenant tenant = client.newTenant(null, 2);
        List<String> names = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<CompletableFuture<HttpResponse<String>>> holds = names.stream()
                .map(name -> client.hold(tenant.authorization(), name)).toList();

        JsonObject busy = SampleClient.pollUntil(() -> client.concurrencyLimits(tenant.authorization()),
                report -> inUse(report, "project") == 2);
        HttpResponse<String> refused = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofMillis(200)));
        names.forEach(client::release);

        assertThat(inUse(busy, "project")).as(busy.toString()).isEqualTo(2);
        assertThat(inUse(busy, "organization")).as(busy.toString()).isEqualTo(2);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        JsonObject error = SampleClient.json(refused.body());
        assertThat(error.getString("error_type")).isEqualTo("limit_exceeded");
        assertThat(error.getString("message")).isEqualTo("Concurrent transcription limit has been exceeded for your project.");
        assertThat(refused.headers().firstValue("Retry-After")).as("speechmeter.concurrency.retry-after-seconds")
                .hasValue("1");
        for (CompletableFuture<HttpResponse<String>> hold : holds) {
            assertThat(hold.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        JsonObject limits = SampleClient.pollUntil(() -> client.concurrencyLimits(tenant.authorization()),
                report -> inUse(report, "project") == 0 && inUse(report, "organization") == 0);
        assertThat(inUse(limits, "project")).as(limits.toString()).isZero();
        assertThat(inUse(limits, "organization")).as(limits.toString()).isZero();
        assertThat(limits.getJsonObject("project").getJsonObject("limits").getInt("transcribe_concurrent")).isEqualTo(2);
        assertThat(limits.getJsonObject("organization").getJsonObject("limits").getInt("transcribe_concurrent"))
                .as("the organization keeps the configured default").isEqualTo(10);
        assertThat(client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofMillis(200))).statusCode())
                .as("a slot given back admits again").isEqualTo(200);
    }

    private static int inUse(JsonObject report, String level) {
        return report.getJsonObject(level).getJsonObject("current").getInt("transcribe_concurrent");
    }
}
