package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two WildFly servers with the sample on one database, as behind a load balancer: an
 * {@code Idempotency-Key} used on server A is known to server B, which answers the repeat with
 * A's response, and the work is billed once.
 */
class IdempotencyFleetIT extends TwoServers {

    private static final byte[] AUDIO = TestAudio.tone(Duration.ofMillis(300));

    @Test
    void aKeyUsedOnOneServerIsRepeatedByTheOther() {
        Tenant tenant = a.newTenant(null, null);

        HttpResponse<String> onA = a.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "fleet-order-1");
        HttpResponse<String> onB = b.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "fleet-order-1");
        HttpResponse<String> otherOnB = b.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofMillis(500)),
                "Idempotency-Key", "fleet-order-1");

        assertThat(onA.statusCode()).as(onA.body()).isEqualTo(200);
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        assertThat(onB.body()).isEqualTo(onA.body());
        assertThat(onB.headers().firstValue("X-Request-Id")).isEqualTo(onA.headers().firstValue("X-Request-Id"));
        assertThat(onB.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(otherOnB.statusCode()).isEqualTo(422);
        JsonObject usage = SampleClient.pollUntil(() -> b.projectUsage(tenant.projectId()),
                found -> found.getInt("billable") >= 1);
        assertThat(usage.getInt("entries")).isEqualTo(1);
        assertThat(usage.getInt("billable")).isEqualTo(1);
    }
}
