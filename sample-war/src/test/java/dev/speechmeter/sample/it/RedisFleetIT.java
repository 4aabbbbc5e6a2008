package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two WildFly servers with the sample, as behind a load balancer: the limits in one Redis
 * ({@code speechmeter.redis.uri}), the keys in one database. A client that spreads its requests
 * over both meets the project's limits once, not once per server.
 */
class RedisFleetIT extends TwoServers {

    @Test
    void theRequestsPerMinuteOfAProjectAreCountedOnceForBothServers() {
        Tenant tenant = a.newTenant(4, null);
        byte[] wav = TestAudio.tone(Duration.ofMillis(200));
        long started = System.nanoTime();
        List<Integer> spread = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            spread.add((i % 2 == 0 ? a : b).transcribe(tenant.authorization(), wav).statusCode());
        }

        HttpResponse<String> fifthOnA = a.transcribe(tenant.authorization(), wav);
        HttpResponse<String> fifthOnB = b.transcribe(tenant.authorization(), wav);
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(spread).as("two requests on each server, a key made on the first").containsOnly(200);
        for (HttpResponse<String> refused : List.of(fifthOnA, fifthOnB)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(SampleClient.json(refused.body()).getString("message"))
                    .isEqualTo("Requests per minute limit has been exceeded for your project.");
            // 4 a minute is a token every 15 s, counted from the first request: 15 s less what has passed since.
            assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                    seconds -> assertThat(seconds).isBetween(15 - elapsedSeconds - 1, 15L).isPositive());
        }
    }

    @Test
    void concurrencySlotsAreCountedForBothServersAndAllComeBack() throws Exception {
        Tenant tenant = a.newTenant(null, 2);
        Instant before = Instant.now();
        String onA = UUID.randomUUID().toString();
        String onB = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<String>> heldOnA = a.hold(tenant.authorization(), onA);
        CompletableFuture<HttpResponse<String>> heldOnB = b.hold(tenant.authorization(), onB);

        JsonObject busy = SampleClient.pollUntil(() -> b.concurrencyLimits(tenant.authorization()),
                report -> inUse(report, "project") == 2 && inUse(report, "organization") == 2);
        HttpResponse<String> third = a.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofMillis(200)));
        a.release(onA);
        b.release(onB);

        assertThat(inUse(busy, "project")).as("server B counts A's work too: " + busy).isEqualTo(2);
        assertThat(inUse(busy, "organization")).as(busy.toString()).isEqualTo(2);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
        assertThat(SampleClient.json(third.body()).getString("message"))
                .isEqualTo("Concurrent transcription limit has been exceeded for your project.");
        assertThat(heldOnA.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(heldOnB.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        for (SampleClient node : List.of(a, b)) {
            JsonObject after = SampleClient.pollUntil(() -> node.concurrencyLimits(tenant.authorization()),
                    report -> inUse(report, "project") == 0 && inUse(report, "organization") == 0);
            assertThat(inUse(after, "project")).as(after.toString()).isZero();
            assertThat(inUse(after, "organization")).as(after.toString()).isZero();
        }
        // One held on each server at once: the fleet's peak of 2 in every period length, on either server.
        Instant after = Instant.now();
        for (SampleClient node : List.of(a, b)) {
            for (int seconds : List.of(60, 3600, 86400)) {
                JsonArray periods = node.concurrencyHistory(tenant.authorization(),
                        Instant.ofEpochSecond(before.getEpochSecond() / seconds * seconds), after.plusSeconds(seconds),
                        seconds, "stt");
                assertThat(periods.getValuesAs(JsonObject.class).stream().mapToInt(period -> period.getInt("sample_max"))
                        .max().orElseThrow()).as(periods.toString()).isEqualTo(2);
                assertThat(periods.getValuesAs(JsonObject.class).stream().mapToLong(period -> period.getJsonNumber(
                        "total_count").longValue()).sum()).as("admitted on both: " + periods).isEqualTo(2);
            }
        }
    }

    @AfterEach
    void everyDecisionWasRedisAndNoLeaseIsLeft() {
        for (SampleClient node : List.of(a, b)) {
            JsonObject store = SampleClient.json(
                    node.get(null, "/test-support/redis-store", "Accept", "application/json").body());
            assertThat(store.getBoolean("redis_reachable")).as(store.toString()).isTrue();
            assertThat(store.getJsonNumber("fallbacks").longValue()).as("decided without Redis: " + store).isZero();
            assertThat(store.getInt("held_leases")).as(store.toString()).isZero();
        }
    }

    private static int inUse(JsonObject report, String level) {
        return report.getJsonObject(level).getJsonObject("current").getInt("transcribe_concurrent");
    }
}
