package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Deepgram-style endpoints over real requests to the sample: the request list with its failed
 * requests, one request, the daily usage, the breakdown and the fields, called with
 * {@code Authorization: Token}, as Deepgram's clients call them.
 */
class ProjectsIT extends SampleIT {

    /** The id of the sample's model, a name-based UUID of {@code stt-async-sample}. */
    private static final String SAMPLE_MODEL_ID = "71d3f098-1a1c-5f79-8fc4-0fb4b6a9d9e0";

    @Test
    void theCallersProjectShowsItsRequestsAndUsage() {
        Tenant tenant = client.newTenant(null, null);
        Tenant other = client.newTenant(null, null);
        String token = "Token " + tenant.apiKey();
        String first = requestId(client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(36))));
        String second = requestId(client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(72))));
        String failed = requestId(client.transcribe(tenant.authorization(), "not audio".getBytes()));
        String others = requestId(client.transcribe(other.authorization(), TestAudio.tone(Duration.ofSeconds(1))));
        List.of(first, second, failed, others).forEach(id -> assertThat(client.usageEntry(id)).isNotNull());
        String base = "/v1/projects/" + tenant.projectId();

        JsonArray projects = ok(client.get(token, "/v1/projects")).getJsonArray("projects");
        assertThat(projects).hasSize(1);
        assertThat(projects.getJsonObject(0).getString("project_id")).isEqualTo(tenant.projectId());
        assertThat(projects.getJsonObject(0).getString("name")).isEqualTo("it");

        JsonObject page = ok(client.get(token, base + "/requests?limit=2"));
        assertThat(page.getInt("page")).isZero();
        assertThat(page.getInt("limit")).isEqualTo(2);
        assertThat(ids(page)).as("newest first").containsExactly(failed, second);
        assertThat(ids(ok(client.get(token, base + "/requests?limit=2&page=1")))).containsExactly(first);
        assertThat(ids(ok(client.get(token, base + "/requests?status=failed")))).containsExactly(failed);
        assertThat(page.getJsonArray("requests").getJsonObject(0).getInt("code")).isEqualTo(400);

        JsonObject request = ok(client.get(token, base + "/requests/" + second)).getJsonObject("request");
        assertThat(request.getString("request_id")).isEqualTo(second);
        assertThat(request.getString("project_uuid")).isEqualTo(tenant.projectId());
        assertThat(request.getString("api_key_id")).isEqualTo(tenant.apiKeyId());
        assertThat(request.getString("path")).isEqualTo("/v1/transcriptions");
        assertThat(request.getInt("code")).isEqualTo(200);
        JsonObject details = request.getJsonObject("response").getJsonObject("details");
        assertThat(details.getJsonNumber("duration").doubleValue()).isEqualTo(0.02);   // 72 s in hours
        // From the sample's price table: 72 s at 0.10 USD an hour is 0.002000, and 180 words heard
        // (one every 400 ms) at 1.50 USD a million tokens are 0.000270.
        assertThat(details.getJsonNumber("usd").bigDecimalValue()).isEqualByComparingTo("0.00227");
        assertThat(details.getJsonArray("models").getString(0)).isEqualTo(SAMPLE_MODEL_ID);

        // From yesterday, so that a run across midnight UTC still sees every request.
        String today = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        JsonObject usage = ok(client.get(token, base + "/usage?start=" + today));
        assertThat(usage.getString("start")).isEqualTo(today);
        assertThat(usage.getJsonObject("resolution").getString("units")).isEqualTo("day");
        List<JsonObject> days = usage.getJsonArray("results").getValuesAs(JsonObject.class);
        assertThat(days).isNotEmpty().allSatisfy(day -> assertThat(day.getString("start")).isEqualTo(day.getString("end")));
        assertThat(days.stream().mapToLong(day -> Math.round(day.getJsonNumber("hours").doubleValue() * 3600)).sum())
                .as("36 s + 72 s").isEqualTo(108);
        assertThat(days.stream().mapToInt(day -> day.getInt("requests")).sum())
                .as("failed requests are not usage").isEqualTo(2);
        assertError(client.get(token, base + "/usage?start=" + today + "&diarize=true"), 404, "NOT_FOUND");

        List<JsonObject> rows = ok(client.get(token, base + "/usage/breakdown?start=" + today + "&grouping=models"))
                .getJsonArray("results").getValuesAs(JsonObject.class);
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.getJsonObject("grouping").getJsonArray("models").getString(0)).isEqualTo("stt-async-sample");
            assertThat(row.getJsonObject("grouping").isNull("accessor")).isTrue();
        });
        assertThat(rows.stream().mapToInt(row -> row.getInt("requests")).sum()).isEqualTo(2);

        JsonObject fields = ok(client.get(token, base + "/usage/fields?start=" + today));
        assertThat(fields.getJsonArray("models").getJsonObject(0).getString("model_id")).isEqualTo(SAMPLE_MODEL_ID);
        assertThat(fields.getJsonArray("processing_methods")).hasSize(1);
    }

    @Test
    void anotherProjectIs403AnUnknownOne404AndEveryErrorHasDeepgramsShape() {
        Tenant tenant = client.newTenant(null, null);
        Tenant other = client.newTenant(null, null);
        String token = "Token " + tenant.apiKey();

        assertError(client.get(token, "/v1/projects/" + other.projectId() + "/requests"), 403, "FORBIDDEN");
        assertError(client.get(token, "/v1/projects/" + UUID.randomUUID() + "/usage"), 404, "NOT_FOUND");
        assertError(client.get(token, "/v1/projects/not-an-id/usage"), 404, "NOT_FOUND");
        assertError(client.get(token, "/v1/projects/" + tenant.projectId() + "/requests/" + UUID.randomUUID()),
                404, "NOT_FOUND");
        assertError(client.get("Token sm_" + "n".repeat(43), "/v1/projects"), 401, "INVALID_AUTH");
        HttpResponse<String> invalid = client.get(token, "/v1/projects/" + tenant.projectId() + "/requests?limit=0&start=soon");
        assertError(invalid, 400, "INVALID_QUERY_PARAMETER");
        assertThat(SampleClient.json(invalid.body()).getString("err_msg")).contains("limit").contains("start");
    }

    @Test
    void repeatedFiltersMatchAnyValueUsageFindingNothingIs404AndTotalAudioCountsFiles() {
        Tenant tenant = client.newTenant(null, null);
        String token = "Token " + tenant.apiKey();
        String base = "/v1/projects/" + tenant.projectId();
        JsonObject second = secondKey(tenant);
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertError(client.get(token, base + "/usage?start=" + yesterday), 404, "NOT_FOUND");

        String first = requestId(client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(36))));
        String other = requestId(client.transcribe("Bearer " + second.getString("api_key"),
                TestAudio.tone(Duration.ofSeconds(72))));
        String failed = requestId(client.transcribe(tenant.authorization(), "not audio".getBytes()));
        List.of(first, other, failed).forEach(id -> assertThat(client.usageEntry(id)).isNotNull());
        String keyA = tenant.apiKeyId();
        String keyB = second.getString("api_key_id");

        assertThat(ids(ok(client.get(token, base + "/requests?accessor=" + keyA + "&accessor=" + keyB))))
                .containsExactly(failed, other, first);
        assertThat(ids(ok(client.get(token, base + "/requests?accessor=" + keyB + "&accessor=" + UUID.randomUUID()))))
                .containsExactly(other);
        assertThat(ids(ok(client.get(token, base + "/requests?method=async&method=sync&accessor=" + keyB))))
                .as("the sample's transcriptions are sync").containsExactly(other);
        assertThat(ids(ok(client.get(token, base + "/requests?method=async&method=streaming")))).isEmpty();

        String window = "?start=" + yesterday + "T23:59:59Z&end=" + LocalDate.now(ZoneOffset.UTC) + "T00:00:01Z";
        JsonObject usage = ok(client.get(token, base + "/usage" + window + "&accessor=" + keyA + "&accessor=" + keyB
                + "&model=stt-async-sample&model=" + encode("模型")));
        assertThat(usage.getString("start")).as("a time is read as its UTC date").isEqualTo(yesterday);
        assertThat(usage.getString("end")).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(usage.getJsonArray("results").getValuesAs(JsonObject.class).stream()
                .mapToInt(day -> day.getInt("requests")).sum()).isEqualTo(2);
        assertError(client.get(token, base + "/usage" + window + "&method=async&method=streaming"), 404, "NOT_FOUND");
        assertError(client.get(token, base + "/usage" + window + "&tag=a&tag=b"), 404, "NOT_FOUND");
        assertError(client.get(token, base + "/usage" + window + "&model=" + encode("модель-🎵")), 404, "NOT_FOUND");
        assertThat(ok(client.get(token, base + "/usage/breakdown" + window + "&method=streaming"))
                .getJsonArray("results")).isEmpty();
        assertThat(ok(client.get(token, base + "/usage/fields" + window)).getJsonArray("models")).hasSize(1);

        JsonObject details = ok(client.get(token, base + "/requests/" + other)).getJsonObject("request")
                .getJsonObject("response").getJsonObject("details");
        assertThat(details.get("total_audio").toString()).as("one file, not 0.02 hours").isEqualTo("1");
        assertThat(details.getJsonNumber("duration").doubleValue()).isEqualTo(0.02);
        JsonObject failedRequest = ok(client.get(token, base + "/requests/" + failed)).getJsonObject("request");
        assertThat(failedRequest.getJsonObject("response").getString("message")).isEqualTo("Bad Request");
        assertThat(failedRequest.getJsonObject("response").containsKey("details")).isFalse();
        assertThat(failedRequest.containsKey("callback")).as("no callback was given").isFalse();
    }

    @Test
    void channelsLanguageAndTagsAreRecordedFilteredAndGrouped() {
        Tenant tenant = client.newTenant(null, null);
        String token = "Token " + tenant.apiKey();
        String base = "/v1/projects/" + tenant.projectId();
        String stereo = requestId(client.transcribeWith(tenant.authorization(),
                "language=de&tag=team-a&tag=" + encode("nächtlich 🎵"), TestAudio.silence(Duration.ofSeconds(36), 2)));
        String mono = requestId(client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(36))));
        List.of(stereo, mono).forEach(id -> assertThat(client.usageEntry(id)).isNotNull());
        String window = "?start=" + LocalDate.now(ZoneOffset.UTC).minusDays(1);

        JsonObject details = ok(client.get(token, base + "/requests/" + stereo)).getJsonObject("request")
                .getJsonObject("response").getJsonObject("details");
        assertThat(details.getInt("channels")).isEqualTo(2);
        assertThat(details.getJsonArray("tags").getValuesAs(JsonString::getString))
                .containsExactly("team-a", "nächtlich 🎵");
        assertThat(ok(client.get(token, base + "/requests/" + mono)).getJsonObject("request")
                .getJsonObject("response").getJsonObject("details").getInt("channels")).isEqualTo(1);

        List<JsonObject> days = ok(client.get(token, base + "/usage" + window)).getJsonArray("results")
                .getValuesAs(JsonObject.class);
        assertThat(seconds(days, "hours")).as("36 s + 36 s").isEqualTo(72);
        assertThat(seconds(days, "total_hours")).as("36 s on two channels + 36 s on one").isEqualTo(108);
        List<JsonObject> tagged = ok(client.get(token, base + "/usage" + window + "&tag=team-a&tag=other"))
                .getJsonArray("results").getValuesAs(JsonObject.class);
        assertThat(tagged.stream().mapToInt(day -> day.getInt("requests")).sum()).isEqualTo(1);
        assertThat(seconds(tagged, "total_hours")).isEqualTo(72);
        assertError(client.get(token, base + "/usage" + window + "&tag=team"), 404, "NOT_FOUND");

        List<JsonObject> rows = ok(client.get(token, base + "/usage/breakdown" + window + "&grouping=tags"))
                .getJsonArray("results").getValuesAs(JsonObject.class);
        assertThat(rows).extracting(row -> row.getJsonObject("grouping").getJsonArray("tags")
                .getValuesAs(JsonString::getString)).containsExactlyInAnyOrder(List.of("team-a", "nächtlich 🎵"), List.of());

        JsonObject fields = ok(client.get(token, base + "/usage/fields" + window));
        assertThat(fields.getJsonArray("languages").getValuesAs(JsonString::getString))
                .as("the sample's default and the one asked for").containsExactly("de", "en");
        assertThat(fields.getJsonArray("tags").getValuesAs(JsonString::getString))
                .containsExactlyInAnyOrder("team-a", "nächtlich 🎵");
        JsonObject model = fields.getJsonArray("models").getJsonObject(0);
        assertThat(model.getString("model_id")).isEqualTo(SAMPLE_MODEL_ID);
        assertThat(model.isNull("language")).as("served in two languages").isTrue();
        assertThat(ok(client.get(token, base + "/usage" + window + "&model=" + SAMPLE_MODEL_ID))
                .getJsonArray("results").getValuesAs(JsonObject.class).stream().mapToInt(day -> day.getInt("requests"))
                .sum()).as("a model by its id").isEqualTo(2);
        assertError(client.get(token, base + "/usage" + window + "&model=" + UUID.randomUUID()), 404, "NOT_FOUND");
    }

    @Test
    void badLanguagesTagsAndChannelsAre400AndNotBilled() {
        Tenant tenant = client.newTenant(null, null);
        byte[] wav = TestAudio.tone(Duration.ofSeconds(1));

        assertBadTranscription(client.transcribeWith(tenant.authorization(), "language=" + encode("en US"), wav),
                "query.language");
        assertBadTranscription(client.transcribeWith(tenant.authorization(), "language=", wav), "query.language");
        assertBadTranscription(client.transcribeWith(tenant.authorization(), "tag=" + "x".repeat(129), wav), "query.tag");
        assertBadTranscription(client.transcribeWith(tenant.authorization(), "tag=" + encode("a\nb"), wav), "query.tag");
        assertBadTranscription(client.transcribeWith(tenant.authorization(), "tag=", wav), "query.tag");
        StringBuilder eleven = new StringBuilder("tag=t0");
        for (int i = 1; i <= 10; i++) {
            eleven.append("&tag=t").append(i);
        }
        assertBadTranscription(client.transcribeWith(tenant.authorization(), eleven.toString(), wav), "query.tag");
        assertBadTranscription(client.transcribe(tenant.authorization(), TestAudio.silence(Duration.ofMillis(10), 65)),
                "body.channels");
    }

    private void assertBadTranscription(HttpResponse<String> response, String location) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonObject error = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(error.getJsonArray("validation_errors").getJsonObject(0).getString("location")).isEqualTo(location);
        assertThat(client.usageEntry(requestId(response)).getInt("status_code")).as("recorded, not billed")
                .isEqualTo(400);
    }

    private static long seconds(List<JsonObject> days, String field) {
        return Math.round(days.stream().mapToDouble(day -> day.getJsonNumber(field).doubleValue()).sum() * 3600);
    }

    @Test
    void hostileQueriesAreRefusedWithA400InDeepgramsShape() {
        Tenant tenant = client.newTenant(null, null);
        String token = "Token " + tenant.apiKey();
        String base = "/v1/projects/" + tenant.projectId();
        String uuids = String.join("&", Collections.nCopies(500, "accessor=" + UUID.randomUUID()));

        for (String query : List.of("/usage?" + "model=x&".repeat(10_000), "/requests?" + "limit=5&".repeat(10_000))) {
            HttpResponse<String> response = client.get(token, base + query);
            assertThat(response.statusCode()).as("the server's own cap on parameters, before any servlet")
                    .isEqualTo(400);
            assertThat(response.headers().firstValue("X-Request-Id")).as("Speechmeter never saw it").isEmpty();
        }
        for (String query : List.of(
                "/usage?" + "model=x&".repeat(999),
                "/requests?" + uuids,
                "/usage?" + "tag=t&".repeat(101),
                "/requests?" + "limit=5&".repeat(999),
                "/usage?model=",
                "/usage?tag=&tag=a",
                "/requests?accessor=",
                "/requests?method=",
                "/usage?model=a%00b",
                "/usage?endpoint=%00",
                "/requests?method=" + encode("ｓｙｎｃ"),
                "/requests?accessor=" + encode("ｕｕｉｄ"),
                "/usage?start=" + encode("+999999999-12-31T23:59:59Z"),
                "/usage?end=" + encode("+999999999-12-31T23:59:59-18:00"),
                "/usage/fields?start=999999999-01-01",
                "/usage/fields?end=9999-12-31T12:00:00Z",
                "/usage?start=" + encode("２０２６-01-01"),
                "/requests?start=" + encode("-999999999-01-01T00:00:00Z"),
                "/usage/breakdown?start=2026-02-29T10:00:00Z")) {
            HttpResponse<String> response = client.get(token, base + query);
            assertThat(response.statusCode()).as(query.substring(0, Math.min(80, query.length()))).isEqualTo(400);
            assertError(response, 400, "INVALID_QUERY_PARAMETER");
            assertThat(SampleClient.json(response.body()).getString("err_msg")).hasSizeLessThan(300);
        }
    }

    /** A second key of the tenant's project, made by the sample's administrator. */
    private JsonObject secondKey(Tenant tenant) {
        HttpResponse<String> created = client.admin("it-admin", "it-admin-password", "POST",
                "/v1/admin/projects/" + tenant.projectId() + "/keys", "{\"name\": \"second\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return SampleClient.json(created.body());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonObject body = SampleClient.json(response.body());
        assertThat(body.keySet()).containsExactlyInAnyOrder("err_code", "err_msg", "request_id");
        assertThat(body.getString("err_code")).isEqualTo(code);
        assertThat(body.getString("request_id")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("sm_");
    }

    private static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SampleClient.json(response.body());
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("requests").stream()
                .map(request -> request.asJsonObject().getString("request_id")).toList();
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("X-Request-Id").orElseThrow();
    }
}
