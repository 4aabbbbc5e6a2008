package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the deployed sample: the {@code speechmeter_*} series in Prometheus text format, moving. */
class MetricsIT extends SampleIT {

    private static final String ADMITTED = "speechmeter_requests_admitted_total{pool=\"transcribe\",scope=\"transcribe_async\"}";
    private static final String REFUSED_BY_RATE = "speechmeter_requests_refused_total{level=\"project\","
            + "limit=\"request_rate\",pool=\"transcribe\",scope=\"transcribe_async\"}";
    private static final String ENTRIES_COMMITTED = "speechmeter_usage_batch_size_sum";
    private static final String KEY_LOOK_UPS = "speechmeter_key_cache_gets_total{result=\"miss\"}";
    private static final String SLOTS = "speechmeter_slots_in_use{pool=\"transcribe\"}";

    @Test
    void meteredRequestsAndRefusalsMoveTheSpeechmeterSeries() {
        Tenant tenant = client.newTenant(2, null);
        byte[] wav = TestAudio.tone(Duration.ofMillis(200));
        Map<String, Double> before = scrape();

        int first = client.transcribe(tenant.authorization(), wav).statusCode();
        int second = client.transcribe(tenant.authorization(), wav).statusCode();
        int third = client.transcribe(tenant.authorization(), wav).statusCode();
        Map<String, Double> after = scrape();

        assertThat(new int[] {first, second, third}).containsExactly(200, 200, 429);
        assertThat(after.get(ADMITTED) - before.getOrDefault(ADMITTED, 0.0)).isEqualTo(2);
        assertThat(after.get(REFUSED_BY_RATE) - before.getOrDefault(REFUSED_BY_RATE, 0.0)).isEqualTo(1);
        assertThat(after.get(ENTRIES_COMMITTED) - before.get(ENTRIES_COMMITTED))
                .as("one usage entry per request, the refused one too, durable before its response").isEqualTo(3);
        assertThat(after.get(KEY_LOOK_UPS) - before.get(KEY_LOOK_UPS)).as("the new key, looked up once")
                .isEqualTo(1);
        assertThat(after.get(SLOTS)).as("every slot back").isZero();
        assertThat(after).containsEntry("speechmeter_usage_queued", 0.0)
                .containsEntry("speechmeter_usage_outage", 0.0)
                .containsEntry("speechmeter_usage_lost_total", 0.0)
                .containsEntry("speechmeter_usage_journal_entries", 0.0)
                .containsKeys("speechmeter_usage_journal_size_bytes", "speechmeter_temporary_keys_minted_total",
                        "speechmeter_usage_batch_writes_seconds_count{outcome=\"stored\"}");
        assertThat(after.keySet()).noneMatch(series -> series.contains(tenant.projectId())
                || series.contains(tenant.organizationId()) || series.contains(tenant.apiKeyId()));
    }

    @Test
    void theMetricsPathTakesNoKeyAndIsNotMetered() {
        Map<String, Double> before = scrape();

        HttpResponse<String> response = client.get(null, "/metrics", "Accept", "text/plain");
        Map<String, Double> after = scrape();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain")
                .contains("version=0.0.4");
        assertThat(response.body()).contains("# TYPE speechmeter_slots_in_use gauge")
                .contains("# TYPE speechmeter_usage_batch_writes_seconds histogram");
        assertThat(after.entrySet()).as("reading the meters is no admission")
                .filteredOn(series -> series.getKey().startsWith("speechmeter_requests_"))
                .containsExactlyInAnyOrderElementsOf(before.entrySet().stream()
                        .filter(series -> series.getKey().startsWith("speechmeter_requests_")).toList());
    }

    /** The {@code speechmeter_*} samples of {@code GET /metrics}, by series (name and labels as written). */
    private Map<String, Double> scrape() {
        HttpResponse<String> response = client.get(null, "/metrics", "Accept", "text/plain");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("speechmeter_")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }
}
