package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectsJsonTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-21");
    private static final UUID KEY = UUID.randomUUID();

    @Test
    void aRequestCarriesItsExactCostAsANumberAndItsAudioInHours() {
        Caller caller = new Caller(KEY, UUID.randomUUID(), UUID.randomUUID(), Limits.none(), Limits.none());
        UsageRecord record = new UsageRecord(UUID.randomUUID(), null, caller, "transcribe_async", "/v1/transcriptions",
                "async", 200, null, Instant.parse("2026-11-21T09:00:00.120Z"), Instant.parse("2026-11-21T09:00:02.480Z"),
                new Usage("stt-1", 0, 0, 90_000, 12, 0, 0),
                new Costs(BigDecimal.ZERO, new BigDecimal("0.002500"), new BigDecimal("0.000018"), BigDecimal.ZERO));

        JsonObject json = ProjectsJson.request(record);

        assertThat(json.getString("request_id")).isEqualTo(record.requestId().toString());
        assertThat(json.getString("project_uuid")).isEqualTo(caller.projectId().toString());
        assertThat(json.getString("created")).isEqualTo("2026-11-21T09:00:00.120Z");
        assertThat(json.getString("api_key_id")).isEqualTo(KEY.toString());
        assertThat(json.getString("deployment")).isEqualTo("hosted");
        assertThat(json.containsKey("callback")).as("no callback was asked for").isFalse();
        JsonObject response = json.getJsonObject("response");
        assertThat(response.getString("completed")).isEqualTo("2026-11-21T09:00:02.480Z");
        JsonObject details = response.getJsonObject("details");
        assertThat(details.get("usd").toString()).isEqualTo("0.002518");
        assertThat(details.getJsonNumber("duration").doubleValue()).isEqualTo(0.025);
        assertThat(details.get("total_audio").toString()).as("one file, not its hours").isEqualTo("1");
        assertThat(details.getString("method")).isEqualTo("async");
        assertThat(details.getJsonArray("models").getString(0)).as("the model's id")
                .isEqualTo(ModelIds.of("stt-1").toString());
        assertThat(details.getInt("channels")).isEqualTo(1);
        assertThat(details.getJsonArray("tags")).isEmpty();
        assertThat(response.containsKey("message")).isFalse();
    }

    @Test
    void aRequestShowsItsChannelsAndTags() {
        JsonObject details = ProjectsJson.request(record(200, new Usage("stt-1", 0, 0, 90_000, 12, 0, 0, 2, "en-US",
                List.of("team-a", "batch-7")))).getJsonObject("response").getJsonObject("details");

        assertThat(details.getInt("channels")).isEqualTo(2);
        assertThat(details.getJsonArray("tags").getValuesAs(JsonString::getString)).containsExactly("team-a", "batch-7");
    }

    @Test
    void aFailedRequestCarriesAMessageInsteadOfDetails() {
        JsonObject response = ProjectsJson.request(record(429, Usage.NONE)).getJsonObject("response");

        assertThat(response.getInt("code")).isEqualTo(429);
        assertThat(response.getString("message")).isEqualTo("Too Many Requests");
        assertThat(response.containsKey("details")).isFalse();
        assertThat(ProjectsJson.request(record(599, Usage.NONE)).getJsonObject("response").getString("message"))
                .isEqualTo("The request failed with status 599.");
        assertThat(ProjectsJson.request(record(204, Usage.NONE)).getJsonObject("response").containsKey("details"))
                .as("a success has details").isTrue();
    }

    @Test
    void totalHoursCountEveryChannel() {
        RequestLog.Totals day = new RequestLog.Totals(DAY, null, null, null, null, null, 2, 3_600_000, 9_000_000, 0, 0);

        JsonObject usage = ProjectsJson.usage(DAY, DAY, List.of(day)).getJsonArray("results").getJsonObject(0);
        JsonObject breakdown = ProjectsJson.breakdown(DAY, DAY, Set.of(), List.of(day)).getJsonArray("results")
                .getJsonObject(0);

        assertThat(usage.getJsonNumber("hours").doubleValue()).isEqualTo(1.0);
        assertThat(usage.getJsonNumber("total_hours").doubleValue()).isEqualTo(2.5);
        assertThat(breakdown.getJsonNumber("hours").doubleValue()).isEqualTo(1.0);
        assertThat(breakdown.getJsonNumber("total_hours").doubleValue()).isEqualTo(2.5);
    }

    @Test
    void theFieldsListModelsWithTheirIdsAndLanguagesAndTags() {
        JsonObject json = ProjectsJson.fields(new RequestLog.Fields(
                List.of(new RequestLog.Model("stt-1", "en"), new RequestLog.Model("stt-2", null)), List.of("async"),
                List.of("de", "en"), List.of("team-a")));

        JsonObject first = json.getJsonArray("models").getJsonObject(0);
        assertThat(first.getString("name")).isEqualTo("stt-1");
        assertThat(first.getString("language")).isEqualTo("en");
        assertThat(first.getString("model_id")).isEqualTo(ModelIds.of("stt-1").toString());
        assertThat(json.getJsonArray("models").getJsonObject(1).isNull("language")).isTrue();
        assertThat(json.getJsonArray("languages").getValuesAs(JsonString::getString)).containsExactly("de", "en");
        assertThat(json.getJsonArray("tags").getValuesAs(JsonString::getString)).containsExactly("team-a");
        assertThat(json.getJsonArray("processing_methods").getValuesAs(JsonString::getString)).containsExactly("async");
    }

    private static UsageRecord record(int status, Usage usage) {
        Caller caller = new Caller(KEY, UUID.randomUUID(), UUID.randomUUID(), Limits.none(), Limits.none());
        return new UsageRecord(UUID.randomUUID(), null, caller, "transcribe_async", "/v1/transcriptions", "async",
                status, null, Instant.parse("2026-11-21T09:00:00Z"), Instant.parse("2026-11-21T09:00:01Z"), usage,
                Costs.ZERO);
    }

    @Test
    void theBreakdownNamesTheGroupedValuesAndLeavesTheOthersNull() {
        RequestLog.Totals row = new RequestLog.Totals(DAY, KEY, null, "stt-1", null, List.of("team-a"), 3, 7_200_000,
                7_200_000, 10, 20);

        JsonObject json = ProjectsJson.breakdown(DAY, DAY.plusDays(1), Set.of("accessor", "models", "tags", "deployment"),
                List.of(row));

        assertThat(json.getString("start")).isEqualTo("2026-11-21");
        assertThat(json.getString("end")).isEqualTo("2026-11-22");
        JsonObject result = json.getJsonArray("results").getJsonObject(0);
        assertThat(result.getJsonNumber("hours").doubleValue()).isEqualTo(2.0);
        assertThat(result.getInt("requests")).isEqualTo(3);
        assertThat(result.getInt("tokens_in")).isEqualTo(10);
        assertThat(result.getInt("tokens_out")).isEqualTo(20);
        JsonObject grouping = result.getJsonObject("grouping");
        assertThat(grouping.getString("start")).isEqualTo("2026-11-21");
        assertThat(grouping.getString("accessor")).isEqualTo(KEY.toString());
        assertThat(grouping.getJsonArray("models").getValuesAs(JsonString::getString)).as("a list, as Deepgram's clients read it")
                .containsExactly("stt-1");
        assertThat(grouping.getJsonArray("tags").getValuesAs(JsonString::getString)).containsExactly("team-a");
        assertThat(grouping.getString("deployment")).isEqualTo("hosted");
        assertThat(grouping.isNull("endpoint")).isTrue();
        assertThat(grouping.isNull("method")).isTrue();
        assertThat(grouping.isNull("feature_set")).isTrue();
    }

    @Test
    void theBreakdownGivesModelsAsAListAndFeatureSetAsAString() {
        RequestLog.Totals row = new RequestLog.Totals(DAY, null, null, null, null, List.of(), 1, 1_000, 1_000, 0, 0);

        JsonObject grouping = ProjectsJson.breakdown(DAY, DAY, Set.of("models", "feature_set"), List.of(row))
                .getJsonArray("results").getJsonObject(0).getJsonObject("grouping");

        assertThat(grouping.get("models").getValueType()).as("no model: an empty list, never a string")
                .isEqualTo(JsonValue.ValueType.ARRAY);
        assertThat(grouping.getJsonArray("models")).isEmpty();
        assertThat(grouping.isNull("feature_set")).as("a string or null to Deepgram's clients; none is recorded").isTrue();
    }

    @Test
    void totalAudioCountsTheAudioFilesOfARequest() {
        assertThat(totalAudio(new Usage("stt-1", 0, 0, 1, 0, 0, 0))).as("a millisecond of audio is one file").isEqualTo("1");
        assertThat(totalAudio(new Usage("stt-1", 0, 0, 36_000_000, 0, 0, 0))).as("ten hours are one file").isEqualTo("1");
        assertThat(totalAudio(new Usage("stt-rt", 0, 120, 0, 0, 0, 0))).as("audio read as tokens").isEqualTo("1");
        assertThat(totalAudio(new Usage("tts-1", 40, 0, 0, 0, 7, 5_000))).as("speech made from text").isEqualTo("0");
        assertThat(totalAudio(new Usage(null, 0, 0, 0, 0, 0, 0))).as("refused before any audio").isEqualTo("0");
    }

    private static String totalAudio(Usage usage) {
        Caller caller = new Caller(KEY, UUID.randomUUID(), UUID.randomUUID(), Limits.none(), Limits.none());
        UsageRecord record = new UsageRecord(UUID.randomUUID(), null, caller, "transcribe_async", "/v1/transcriptions",
                "async", 200, null, Instant.parse("2026-11-21T09:00:00Z"), Instant.parse("2026-11-21T09:00:01Z"),
                usage, Costs.ZERO);
        return ProjectsJson.request(record).getJsonObject("response").getJsonObject("details").get("total_audio")
                .toString();
    }
}
