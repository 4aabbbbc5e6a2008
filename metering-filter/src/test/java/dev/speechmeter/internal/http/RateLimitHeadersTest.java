package dev.speechmeter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Quota;
import dev.speechmeter.testing.RateLimitFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private static final List<Quota> QUOTAS = List.of(
            new Quota("organization", 100, 60, Quota.REQUESTS, 97, 2L),
            new Quota("project", 3, 60, Quota.REQUESTS, 0, 60L),
            new Quota("project-transcribe", 4, null, Quota.CONCURRENT_REQUESTS, 3, null));

    @Test
    void writesStructuredFieldListsThatParseBack() {
        Map<String, String> headers = new HashMap<>();
        RateLimitHeaders.write(QUOTAS, headers::put);

        Map<String, Map<String, Object>> policy = RateLimitFields.parse(headers.get("RateLimit-Policy"));
        assertThat(policy).containsOnlyKeys("organization", "project", "project-transcribe");
        assertThat(policy.get("organization")).containsExactly(Map.entry("q", 100L), Map.entry("w", 60L));
        assertThat(policy.get("project-transcribe"))
                .containsExactly(Map.entry("q", 4L), Map.entry("qu", "concurrent-requests"));

        Map<String, Map<String, Object>> state = RateLimitFields.parse(headers.get("RateLimit"));
        assertThat(state.get("organization")).containsExactly(Map.entry("r", 97L), Map.entry("t", 2L));
        assertThat(state.get("project")).containsExactly(Map.entry("r", 0L), Map.entry("t", 60L));
        assertThat(state.get("project-transcribe")).containsExactly(Map.entry("r", 3L));
    }

    @Test
    void writesNothingWithoutACappedQuota() {
        Map<String, String> headers = new HashMap<>();

        RateLimitHeaders.write(List.of(), headers::put);

        assertThat(headers).isEmpty();
    }
}
