package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/concurrent-streams-history} on the deployed sample, after requests held at once. */
class ConcurrencyHistoryIT extends SampleIT {

    private static final int HELD = 3;

    @Test
    void thePeakOfRequestsHeldAtOnceIsInEveryPeriodLength() throws Exception {
        Tenant tenant = client.newTenant(null, 4);
        Tenant other = client.newTenant(null, 4);
        Instant before = Instant.now();
        List<String> names = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        List<CompletableFuture<HttpResponse<String>>> holds = names.stream()
                .map(name -> client.hold(tenant.authorization(), name)).toList();
        SampleClient.pollUntil(() -> client.concurrencyLimits(tenant.authorization()),
                report -> report.getJsonObject("project").getJsonObject("current").getInt("transcribe_concurrent") == HELD);
        names.forEach(client::release);
        for (CompletableFuture<HttpResponse<String>> hold : holds) {
            assertThat(hold.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        Instant after = Instant.now();

        Instant firstMinute = before.truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        Instant lastMinute = after.truncatedTo(ChronoUnit.MINUTES).plus(5, ChronoUnit.MINUTES);
        JsonArray minutes = history(tenant, firstMinute, lastMinute, 60, "stt");
        JsonArray hours = history(tenant, before.truncatedTo(ChronoUnit.HOURS), after.plus(1, ChronoUnit.HOURS), 3600,
                "stt");
        JsonArray days = history(tenant, before.truncatedTo(ChronoUnit.DAYS), after.plus(1, ChronoUnit.DAYS), 86400,
                "stt");

        assertThat(minutes).hasSize((int) ChronoUnit.MINUTES.between(firstMinute, lastMinute));
        for (int i = 0; i < minutes.size(); i++) {
            JsonObject minute = minutes.getJsonObject(i);
            assertThat(Instant.parse(minute.getString("period_start"))).isEqualTo(firstMinute.plusSeconds(60L * i));
            assertThat(minute.getInt("period_sec")).isEqualTo(60);
        }
        assertThat(minutes.getJsonObject(0)).as("an idle minute is all zeros").isEqualTo(SampleClient.json(
                "{\"period_start\":\"" + firstMinute + "\",\"period_sec\":60,\"sample_min\":0,\"sample_max\":0,"
                        + "\"sample_sum\":0,\"sample_count\":0,\"total_count\":0}"));
        for (JsonArray periods : List.of(minutes, hours, days)) {
            assertThat(periods.getValuesAs(JsonObject.class).stream().mapToInt(period -> period.getInt("sample_max"))
                    .max().orElseThrow()).as(periods.toString()).isEqualTo(HELD);
            assertThat(periods.getValuesAs(JsonObject.class).stream().mapToLong(period -> period.getJsonNumber(
                    "total_count").longValue()).sum()).as(periods.toString()).isEqualTo(HELD);
        }
        assertThat(peak(history(tenant, firstMinute, lastMinute, 60, "tts"))).as("another pool").isZero();
        assertThat(peak(history(other, firstMinute, lastMinute, 60, "stt"))).as("another project").isZero();
    }

    @Test
    void badParametersAre400InTheErrorShape() {
        Tenant tenant = client.newTenant(null, null);
        String window = "start_time=2026-11-01T00:00:00Z&end_time=2026-11-08T00:00:01Z";

        JsonObject tooLong = invalid(tenant, window + "&period_sec=60&kind=stt");
        JsonObject kind = invalid(tenant, "start_time=2026-11-01T00:00:00Z&end_time=2026-11-02T00:00:00Z"
                + "&period_sec=3600&kind=asr");
        JsonObject repeated = invalid(tenant, "start_time=2026-11-01T00:00:00Z&end_time=2026-11-02T00:00:00Z"
                + "&period_sec=3600&period_sec=60&kind=stt");
        JsonObject extreme = invalid(tenant, "start_time=-999999999-01-01T00:00:00Z&end_time=%2B999999999-12-31T00:00:00Z"
                + "&period_sec=86400&kind=stt");

        assertThat(location(tooLong)).isEqualTo("query.end_time");
        assertThat(location(kind)).isEqualTo("query.kind");
        assertThat(location(repeated)).isEqualTo("query.period_sec");
        assertThat(extreme.getJsonArray("validation_errors")).hasSize(2);
        HttpResponse<String> unknownKey = client.get("Bearer not-a-key", "/v1/concurrent-streams-history?" + window);
        assertThat(unknownKey.statusCode()).isEqualTo(401);
    }

    private JsonArray history(Tenant tenant, Instant start, Instant end, int periodSeconds, String kind) {
        return client.concurrencyHistory(tenant.authorization(), start, end, periodSeconds, kind);
    }

    private JsonObject invalid(Tenant tenant, String query) {
        HttpResponse<String> response = client.get(tenant.authorization(), "/v1/concurrent-streams-history?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonObject error = SampleClient.json(response.body());
        assertThat(error.getString("error_type")).isEqualTo("invalid_request");
        assertThat(error.getString("request_id")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        return error;
    }

    private static String location(JsonObject error) {
        assertThat(error.getJsonArray("validation_errors")).as(error.toString()).hasSize(1);
        return error.getJsonArray("validation_errors").getJsonObject(0).getString("location");
    }

    private static int peak(JsonArray periods) {
        return periods.getValuesAs(JsonObject.class).stream().mapToInt(period -> period.getInt("sample_max")).max()
                .orElse(0);
    }
}
