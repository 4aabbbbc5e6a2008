package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * The usage console ({@code metering-console}) in a real browser against the sample on WildFly:
 * after real metered requests, the page opened with a temporary key that reads usage shows the
 * figures the API answers, with the charts' points and no error in the browser's console.
 */
class ConsoleIT extends SampleIT {

    private static final String CAPACITY = "/capacities/speech_to_text/sample/transcribe/day";

    @Test
    void theConsoleShowsWhatTheApiAnswers() throws Exception {
        Browser.assumeInstalled();
        Tenant tenant = client.newTenant("transcribe_concurrent=4&tts_concurrent=3");
        for (int seconds : new int[] {2, 3, 5}) {
            assertThat(client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(seconds)))
                    .statusCode()).isEqualTo(200);
        }
        for (String text : List.of("Hello from the console test", "Good morning")) {
            assertThat(client.speak(tenant.authorization(), "{\"text\": \"" + text + "\"}").statusCode()).isEqualTo(200);
        }
        assertThat(client.transcribe(tenant.authorization(), "not a wav file".getBytes(StandardCharsets.US_ASCII))
                .statusCode()).isEqualTo(400);
        assertThat(client.admin("it-admin", "it-admin-password", "PUT", "/v1/admin/projects/" + tenant.projectId()
                + CAPACITY, "{\"capacity\": 3600}").statusCode()).isEqualTo(204);
        List<String> holds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<CompletableFuture<HttpResponse<String>>> held = holds.stream()
                .map(name -> client.hold(tenant.authorization(), name)).toList();
        SampleClient.pollUntil(() -> client.concurrencyLimits(tenant.authorization()), report -> report
                .getJsonObject("project").getJsonObject("current").getInt("transcribe_concurrent") == holds.size());
        String key = consoleKey(tenant);

        try (Browser browser = Browser.start()) {
            browser.open(client.base() + "console/#key=" + key);
            browser.awaitState("ready");

            assertThat(browser.currentUrl()).as("the key leaves the address bar at once")
                    .isEqualTo(client.base() + "console/");
            Instant now = Instant.now();
            Instant dayEnd = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
            JsonObject summary = ok(client.usageSummary(tenant.authorization(), "start_time="
                    + dayEnd.minus(30, ChronoUnit.DAYS) + "&end_time=" + dayEnd));
            assertThat(summary.getJsonObject("total").getJsonArray("days")).hasSize(30);
            for (String chart : List.of("#chart-audio", "#chart-requests", "#chart-cost", "#chart-concurrency")) {
                assertThat(browser.find(chart).getAttribute("data-points")).as(chart).isEqualTo("30");
            }
            assertThat(browser.find("#chart-audio").getAttribute("data-series")).isEqualTo("stt-async-sample,tts-sample");
            Map<String, JsonObject> models = new HashMap<>();
            summary.getJsonArray("models").getValuesAs(JsonObject.class).forEach(m -> models.put(m.getString("model"), m));
            assertThat(models.get("stt-async-sample").getInt("total_num_requests")).isEqualTo(3);
            assertThat(models.get("tts-sample").getInt("total_num_requests")).isEqualTo(2);
            List<WebElement> totals = browser.findAll("#usage-totals tbody tr");
            assertThat(totals).extracting(row -> row.getAttribute("data-model"))
                    .containsExactly("stt-async-sample", "tts-sample");
            for (WebElement row : totals) {
                JsonObject model = models.get(row.getAttribute("data-model"));
                assertThat(row.getAttribute("data-duration-ms")).isEqualTo(model.get("total_duration_ms").toString());
                assertThat(cells(row).get(2)).isEqualTo(model.get("total_num_requests").toString());
                assertThat(cells(row).get(3)).isEqualTo(model.getString("total_cost_usd"));
            }
            assertThat(cells(totals.get(0)).get(1)).as("10 s of audio transcribed").isEqualTo("10 s");

            JsonObject limits = client.concurrencyLimits(tenant.authorization());
            WebElement transcribe = browser.find("#concurrency-now tr[data-pool='transcribe_concurrent']");
            assertThat(transcribe.findElement(By.cssSelector("[data-level='project']")).getText())
                    .isEqualTo(level(limits.getJsonObject("project"), "transcribe_concurrent")).isEqualTo("2 / 4");
            assertThat(transcribe.findElement(By.cssSelector("[data-level='organization']")).getText())
                    .isEqualTo(level(limits.getJsonObject("organization"), "transcribe_concurrent"));
            JsonArray stt = history(tenant, dayEnd.minus(30, ChronoUnit.DAYS), dayEnd, 86400, "stt");
            WebElement sttRow = browser.find("#concurrency-history tr[data-kind='stt']");
            assertThat(sttRow.getAttribute("data-peak")).isEqualTo(String.valueOf(peak(stt))).isEqualTo("2");
            assertThat(sttRow.getAttribute("data-admitted")).isEqualTo(String.valueOf(admitted(stt)));

            JsonObject capacity = ok(client.get(tenant.authorization(), "/api/billing/capacities"))
                    .getJsonArray("items").getJsonObject(0);
            WebElement capacityRow = browser.find("#capacity-table tbody tr");
            assertThat(capacityRow.getAttribute("data-labels"))
                    .isEqualTo("technology=speech_to_text, vendor=sample, operation=transcribe");
            JsonObject detail = capacity.getJsonArray("details").getJsonObject(0);
            assertThat(new BigDecimal(capacityRow.getAttribute("data-consumed")))
                    .isEqualByComparingTo(detail.getJsonNumber("consumed").bigDecimalValue()).isEqualByComparingTo("10");
            assertThat(capacityRow.getAttribute("data-capacity")).isEqualTo("3600");

            JsonArray requests = ok(client.get(tenant.authorization(), "/v1/projects/" + tenant.projectId()
                    + "/requests?limit=20")).getJsonArray("requests");
            List<WebElement> rows = browser.findAll("#request-table tbody tr");
            assertThat(rows).extracting(row -> row.getAttribute("data-request-id"))
                    .containsExactlyElementsOf(requests.getValuesAs(JsonObject.class).stream()
                            .map(request -> request.getString("request_id")).toList());
            assertThat(rows).extracting(row -> row.getAttribute("data-failed"))
                    .containsExactlyElementsOf(requests.getValuesAs(JsonObject.class).stream()
                            .map(request -> String.valueOf(request.getInt("code") >= 400)).toList());
            assertThat(rows).filteredOn(row -> row.getAttribute("class").contains("failed")).hasSize(1)
                    .allSatisfy(row -> assertThat(cells(row).get(3)).isEqualTo("400 Bad Request"));
            assertThat(errors(browser.newLogEntries())).isEmpty();
            Files.write(Path.of("target", "console.png"), browser.screenshot());

            browser.find("#resolution-hour").click();
            browser.awaitState("ready");
            assertThat(browser.find("#chart-audio").getAttribute("data-points")).isEqualTo("48");
            assertThat(browser.find("#chart-concurrency").getAttribute("data-points")).isEqualTo("48");
            Instant hourEnd = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            Map<String, Figures> logged = fromUsageLogs(tenant, hourEnd.minus(48, ChronoUnit.HOURS), hourEnd);
            List<WebElement> hourly = browser.findAll("#usage-totals tbody tr");
            assertThat(hourly).extracting(row -> row.getAttribute("data-model")).containsExactlyElementsOf(
                    logged.keySet().stream().sorted().toList());
            for (WebElement row : hourly) {
                Figures figures = logged.get(row.getAttribute("data-model"));
                assertThat(Long.parseLong(row.getAttribute("data-duration-ms"))).isEqualTo(figures.durationMs);
                assertThat(cells(row).get(2)).isEqualTo(String.valueOf(figures.requests));
                assertThat(new BigDecimal(cells(row).get(3))).isEqualByComparingTo(figures.cost);
            }
            assertThat(errors(browser.newLogEntries())).isEmpty();
        } finally {
            holds.forEach(client::release);
            for (CompletableFuture<HttpResponse<String>> hold : held) {
                hold.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aBadKeyIsTheOnlyErrorAndThePageSaysSo() throws Exception {
        Browser.assumeInstalled();
        try (Browser browser = Browser.start()) {
            browser.open(client.base() + "console/#key=" + "sm_" + "x".repeat(40));
            browser.awaitState("refused");

            assertThat(browser.find("#message").getText()).startsWith("This key was not accepted");
            assertThat(browser.find("#key-form").isDisplayed()).isTrue();
            assertThat(browser.find("#panels").isDisplayed()).isFalse();
            assertThat(errors(browser.newLogEntries())).singleElement().asString().contains("401");
        }
    }

    @Test
    void theConsolesFilesPassTheMeterUntouched() throws IOException {
        HttpResponse<String> page = client.get(null, "/console/", "Accept", "*/*");
        HttpResponse<String> script = client.get(null, "/console/console.js", "Accept", "*/*");
        Matcher library = Pattern.compile("\\.\\./(webjars/uplot/[^/]+/dist/)uPlot\\.min\\.css").matcher(page.body());
        assertThat(library.find()).as(page.body()).isTrue();
        String chartsPath = library.group(1) + "uPlot.esm.js";
        HttpResponse<String> charts = client.get(null, "/" + chartsPath, "Accept", "*/*");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).isEqualTo(resource("META-INF/resources/console/index.html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'").contains("connect-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.body()).isEqualTo(resource("META-INF/resources/console/console.js"));
        assertThat(charts.statusCode()).isEqualTo(200);
        assertThat(charts.body()).isEqualTo(resource("META-INF/resources/" + chartsPath));
        for (HttpResponse<String> file : List.of(page, script, charts)) {
            assertThat(file.headers().firstValue("X-Request-Id")).as("not metered").isEmpty();
            assertThat(file.headers().firstValue("RateLimit")).isEmpty();
        }
    }

    private String consoleKey(Tenant tenant) {
        HttpResponse<String> minted = client.postJson(tenant.authorization(), "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"usage:read\", \"expires_in_seconds\": 600}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        return SampleClient.json(minted.body()).getString("api_key");
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    private static String level(JsonObject level, String pool) {
        JsonObject limits = level.getJsonObject("limits");
        return level.getJsonObject("current").getInt(pool) + " / "
                + (limits.isNull(pool) ? "no limit" : String.valueOf(limits.getInt(pool)));
    }

    private JsonArray history(Tenant tenant, Instant start, Instant end, int periodSeconds, String kind) {
        return ok(client.get(tenant.authorization(), "/v1/concurrent-streams-history?start_time=" + start + "&end_time="
                + end + "&period_sec=" + periodSeconds + "&kind=" + kind)).getJsonArray("entries");
    }

    private static int peak(JsonArray entries) {
        return entries.getValuesAs(JsonObject.class).stream().mapToInt(entry -> entry.getInt("sample_max")).max().orElse(0);
    }

    private static long admitted(JsonArray entries) {
        return entries.getValuesAs(JsonObject.class).stream().mapToLong(entry -> entry.getInt("total_count")).sum();
    }

    /** The billed requests of a window per model, added up from every page of the usage log. */
    private Map<String, Figures> fromUsageLogs(Tenant tenant, Instant start, Instant end) {
        Map<String, Figures> models = new HashMap<>();
        String cursor = null;
        do {
            JsonObject page = ok(client.usageLogs(tenant.authorization(), "start_time=" + start + "&end_time=" + end
                    + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)));
            for (JsonObject entry : page.getJsonArray("usage_logs").getValuesAs(JsonObject.class)) {
                Figures figures = models.computeIfAbsent(entry.getString("model"), model -> new Figures());
                figures.durationMs += entry.getJsonNumber("input_audio_duration_ms").longValue()
                        + entry.getJsonNumber("output_audio_duration_ms").longValue();
                figures.requests++;
                figures.cost = figures.cost.add(new BigDecimal(entry.getString("cost_usd")));
            }
            cursor = page.isNull("next_page_cursor") ? null : page.getString("next_page_cursor");
        } while (cursor != null);
        return models;
    }

    private static List<LogEntry> errors(List<LogEntry> entries) {
        return entries.stream().filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    private static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(200);
        return SampleClient.json(response.body());
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ConsoleIT.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final class Figures {
        long durationMs;
        long requests;
        BigDecimal cost = BigDecimal.ZERO;
    }
}
