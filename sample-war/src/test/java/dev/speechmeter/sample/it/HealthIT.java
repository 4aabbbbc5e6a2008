package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Health on WildFly's management interface ({@code standalone-microprofile.xml}):
 * the sample's {@code speechmeter-*} checks are there and up, and readiness goes down while usage
 * entries pile up behind a database lock (this server is started with
 * {@code speechmeter.health.max-usage-backlog=3}), and up again once they are written.
 */
class HealthIT extends SampleIT {

    private static final URI MANAGEMENT = URI.create("http://localhost:"
            + System.getProperty("it.management.port", "9990") + "/");
    private static final byte[] AUDIO = TestAudio.tone(Duration.ofMillis(200));
    private static final int PILED_UP = 20;
    /** Entries the database took back from the journal after a lock timeout come back within its longest pause, 5 s. */
    private static final Duration CAUGHT_UP_WITHIN = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everySpeechmeterCheckIsThereAndUp() {
        HttpResponse<String> readiness = pollHealth("health/ready", response -> response.statusCode() == 200);
        HttpResponse<String> liveness = health("health/live");

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        Map<String, JsonObject> ready = speechmeterChecks(readiness);
        Map<String, JsonObject> live = speechmeterChecks(liveness);
        assertThat(ready).containsOnlyKeys("speechmeter-database", "speechmeter-schema", "speechmeter-usage-backlog",
                "speechmeter-redis");
        assertThat(live).containsOnlyKeys("speechmeter-usage-writers");
        ready.values().forEach(check -> assertThat(check.getString("status")).as(check.toString()).isEqualTo("UP"));
        assertThat(live.get("speechmeter-usage-writers").getString("status")).isEqualTo("UP");

        JsonObject schema = ready.get("speechmeter-schema").getJsonObject("data");
        assertThat(schema.getString("version")).isEqualTo(schema.getString("latest"));
        assertThat(ready.get("speechmeter-database").getJsonObject("data").getString("database"))
                .isEqualTo(System.getProperty("it.database.product", "H2"));
        assertThat(ready.get("speechmeter-usage-backlog").getJsonObject("data").getInt("max-backlog")).isEqualTo(3);
        JsonObject writers = live.get("speechmeter-usage-writers").getJsonObject("data");
        assertThat(writers.getInt("alive")).isEqualTo(writers.getInt("writers")).isPositive();
        assertThat(readiness.body() + liveness.body()).doesNotContainIgnoringCase("jdbc:").doesNotContainIgnoringCase("password");
    }

    @Test
    void readinessIsDownWhileUsageEntriesPileUpAndUpOnceTheyAreWritten() throws Exception {
        Tenant tenant = client.newTenant(null, PILED_UP * 2);
        // The first request of the day makes the project's daily row, which the lock then holds.
        assertThat(client.transcribe(tenant.authorization(), AUDIO).statusCode()).isEqualTo(200);
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        HttpResponse<String> down;
        client.lockDailyUsage(tenant.projectId());
        try {
            for (int i = 0; i < PILED_UP; i++) {
                requests.add(client.transcribeAsync(tenant.authorization(), AUDIO));
            }
            down = pollHealth("health/ready", response -> response.statusCode() == 503);
        } finally {
            client.unlockDailyUsage(tenant.projectId());
        }
        for (CompletableFuture<HttpResponse<String>> request : requests) {
            request.get(60, TimeUnit.SECONDS);
        }
        // Ready again as soon as the backlog is back under the threshold; caught up when it is empty.
        HttpResponse<String> up = pollHealth("health/ready", response -> response.statusCode() == 200
                && speechmeterChecks(response).get("speechmeter-usage-backlog").getJsonObject("data").getInt("backlog") == 0);

        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        Map<String, JsonObject> whileDown = speechmeterChecks(down);
        JsonObject backlog = whileDown.get("speechmeter-usage-backlog");
        assertThat(backlog.getString("status")).isEqualTo("DOWN");
        assertThat(backlog.getJsonObject("data").getInt("backlog")).isGreaterThan(3);
        assertThat(whileDown.get("speechmeter-database").getString("status")).as("the database still answers")
                .isEqualTo("UP");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(speechmeterChecks(up).get("speechmeter-usage-backlog").getJsonObject("data").getInt("backlog"))
                .isZero();
        assertThat(SampleClient.pollUntil(() -> client.projectUsage(tenant.projectId()),
                usage -> usage.getInt("entries") == PILED_UP + 1).getInt("entries"))
                .as("every entry written in the end").isEqualTo(PILED_UP + 1);
    }

    private HttpResponse<String> pollHealth(String path, Predicate<HttpResponse<String>> done) {
        long deadline = System.nanoTime() + CAUGHT_UP_WITHIN.toNanos();
        HttpResponse<String> response = health(path);
        while (!done.test(response) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            response = health(path);
        }
        return response;
    }

    private HttpResponse<String> health(String path) {
        try {
            return http.send(HttpRequest.newBuilder(MANAGEMENT.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The checks named {@code speechmeter-*} of a health response, by name. */
    private static Map<String, JsonObject> speechmeterChecks(HttpResponse<String> response) {
        return SampleClient.json(response.body()).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").startsWith("speechmeter-"))
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check));
    }
}
