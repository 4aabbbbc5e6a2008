package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real requests to the sample show up in {@code GET /v1/usage-logs}, priced from the sample's price table. */
class UsageLogsIT extends SampleIT {

    @Test
    void completedRequestsAppearPagedAndPriced() {
        Tenant tenant = client.newTenant(null, null);
        Tenant other = client.newTenant(null, null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(36)));
            assertThat(response.statusCode()).isEqualTo(200);
            ids.add(response.headers().firstValue("X-Request-Id").orElseThrow());
        }
        client.transcribe(other.authorization(), TestAudio.tone(Duration.ofSeconds(1)));
        client.transcribe(tenant.authorization(), "not audio".getBytes());
        ids.forEach(id -> assertThat(client.usageEntry(id)).isNotNull());
        Instant now = Instant.now();
        String window = "start_time=" + now.minus(1, ChronoUnit.HOURS) + "&end_time=" + now.plus(1, ChronoUnit.HOURS);

        HttpResponse<String> first = client.usageLogs(tenant.authorization(), window + "&limit=2");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonObject firstPage = SampleClient.json(first.body());
        assertThat(firstPage.getJsonArray("usage_logs")).hasSize(2);
        String cursor = firstPage.getString("next_page_cursor");
        JsonObject secondPage = SampleClient.json(
                client.usageLogs(tenant.authorization(), window + "&limit=2&cursor=" + cursor).body());
        assertThat(secondPage.isNull("next_page_cursor")).isTrue();

        List<JsonObject> entries = new ArrayList<>();
        firstPage.getJsonArray("usage_logs").forEach(entry -> entries.add(entry.asJsonObject()));
        secondPage.getJsonArray("usage_logs").forEach(entry -> entries.add(entry.asJsonObject()));
        assertThat(entries).extracting(entry -> entry.getString("uuid")).containsExactlyElementsOf(ids);
        JsonObject entry = entries.get(0);
        assertThat(entry.getString("request_scope")).isEqualTo("transcribe_async");
        assertThat(entry.getString("model")).isEqualTo("stt-async-sample");
        assertThat(entry.getJsonNumber("input_audio_duration_ms").longValue()).isEqualTo(36_000);
        // From the sample's price table: 36 s at 0.10 USD an hour is 0.001000; the recognizer hears a
        // word every 400 ms, so 90 tokens at 1.50 USD a million are 0.000135.
        assertThat(entry.getString("input_audio_cost_usd")).isEqualTo("0.001000");
        assertThat(entry.getString("input_cost_usd")).isEqualTo("0.001000");
        assertThat(entry.getJsonNumber("output_text_tokens").longValue()).isEqualTo(90);
        assertThat(entry.getString("output_text_cost_usd")).isEqualTo("0.000135");
        assertThat(entry.getString("output_cost_usd")).isEqualTo("0.000135");
        assertThat(entry.getString("cost_usd")).isEqualTo("0.001135");
        assertThat(entry.isNull("client_reference_id")).isTrue();

        HttpResponse<String> summaryResponse = client.usageSummary(tenant.authorization(), window);
        assertThat(summaryResponse.statusCode()).as(summaryResponse.body()).isEqualTo(200);
        JsonObject total = SampleClient.json(summaryResponse.body()).getJsonObject("total");
        assertThat(total.getJsonNumber("total_num_requests").longValue()).isEqualTo(3);
        assertThat(total.getJsonNumber("total_input_audio_duration_ms").longValue()).isEqualTo(108_000);
        assertThat(new BigDecimal(total.getString("total_cost_usd"))).as("three entries of 0.001135")
                .isEqualByComparingTo("0.003405");
        assertThat(SampleClient.json(summaryResponse.body()).getJsonArray("models")).singleElement()
                .satisfies(model -> assertThat(model.asJsonObject().getString("model")).isEqualTo("stt-async-sample"));
    }

    @Test
    void aBadQueryIs400NamingTheField() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> response = client.usageLogs(tenant.authorization(),
                "start_time=2026-01-01T00:00:00Z&end_time=2026-03-01T00:00:00Z&limit=5000");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = SampleClient.json(response.body());
        assertThat(error.getString("error_type")).isEqualTo("invalid_request");
        JsonArray validation = error.getJsonArray("validation_errors");
        assertThat(validation).extracting(v -> v.asJsonObject().getString("location"))
                .contains("query.end_time", "query.limit");
        assertThat(client.usageLogs("Bearer sm_" + "y".repeat(43), "start_time=x").statusCode()).isEqualTo(401);
    }

    @Test
    void speechmetersOwnEndpointsEchoTheClientsRequestIdOnAnswersAndErrors() {
        Tenant tenant = client.newTenant(null, null);
        for (String path : List.of("/v1/usage-logs", "/v1/usage-logs?limit=0", "/v1/concurrency-limits",
                "/v1/projects", "/v1/projects/" + tenant.projectId() + "/requests")) {
            HttpResponse<String> response = client.get(tenant.authorization(), path, "X-Request-Id", "trace-7");

            assertThat(response.headers().firstValue("X-Correlation-Id")).as(path).contains("trace-7");
            assertThat(response.headers().firstValue("X-Request-Id")).as(path).isPresent().get()
                    .isNotEqualTo("trace-7");

            HttpResponse<String> both = client.get(tenant.authorization(), path,
                    "X-Request-Id", "trace-8", "X-Correlation-Id", "corr-8");
            assertThat(both.headers().allValues("X-Correlation-Id")).as(path).containsExactly("corr-8");
            assertThat(both.headers().firstValue("X-Request-Id")).as(path).isPresent().get()
                    .isNotIn("trace-8", "corr-8");

            HttpResponse<String> neither = client.get(tenant.authorization(), path);
            assertThat(neither.headers().allValues("X-Correlation-Id")).as(path)
                    .containsExactly(neither.headers().firstValue("X-Request-Id").orElseThrow());
        }
    }
}
