package dev.speechmeter.rest;

import dev.speechmeter.MeteredJob;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.RequestLog.Grouping;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The bodies of the Deepgram-style endpoints. Audio is in hours as JSON numbers, but for a
 * request's {@code total_audio}, the number of audio files it carried (one at most);
 * {@code usd} is the request's exact cost as a JSON number (a decimal, never a binary float), as
 * Deepgram's clients read it. {@code total_hours} counts every channel of the audio. A model is
 * named by its {@link ModelIds id} where Deepgram gives ids. Speechmeter records one stream per
 * request, no features and no callbacks, and serves every request itself
 * ({@code "deployment": "hosted"}).
 */
final class ProjectsJson {

    static final String DEPLOYMENT = "hosted";
    private static final double MS_PER_HOUR = 3_600_000.0;

    private ProjectsJson() {
    }

    static JsonObject project(RequestLog.Project project) {
        return JsonFactories.BUILDERS.createObjectBuilder()
                .add("project_id", project.projectId().toString())
                .add("name", project.name())
                .build();
    }

    static JsonObject requests(int page, int limit, List<UsageRecord> records) {
        JsonArrayBuilder requests = JsonFactories.BUILDERS.createArrayBuilder();
        records.forEach(record -> requests.add(request(record)));
        return JsonFactories.BUILDERS.createObjectBuilder().add("page", page).add("limit", limit).add("requests", requests).build();
    }

    /**
     * One request, as the Deepgram-style endpoints list it: a failed one (status 400 or above)
     * has a {@code message} in its response instead of {@code details}. There is no
     * {@code callback}, since Speechmeter records none.
     */
    static JsonObject request(UsageRecord record) {
        JsonObjectBuilder response = JsonFactories.BUILDERS.createObjectBuilder()
                .add("code", record.statusCode())
                .add("completed", record.endTime().toString());
        if (record.statusCode() >= 400) {
            response.add("message", failure(record.statusCode()));
        } else {
            response.add("details", details(record));
        }
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder()
                .add("request_id", record.requestId().toString())
                .add("project_uuid", record.caller().projectId().toString())
                .add("created", record.startTime().toString());
        JsonFactories.nullable(json, "path", record.endpoint());
        return json.add("api_key_id", record.caller().apiKeyId().toString())
                .add("code", record.statusCode())
                .add("deployment", DEPLOYMENT)
                .add("response", response)
                .build();
    }

    private static JsonObjectBuilder details(UsageRecord record) {
        Usage usage = record.usage();
        JsonArrayBuilder models = JsonFactories.BUILDERS.createArrayBuilder();
        if (usage.model() != null) {
            models.add(ModelIds.of(usage.model()).toString());
        }
        JsonObjectBuilder details = JsonFactories.BUILDERS.createObjectBuilder()
                .add("usd", record.costs().costUsd())
                .add("duration", hours(usage.inputAudioDurationMs()))
                .add("total_audio", audioFiles(record))
                .add("channels", usage.channels())
                .add("streams", 1);
        JsonFactories.nullable(details, "method", record.method());
        return details.add("models", models)
                .add("tags", JsonFactories.BUILDERS.createArrayBuilder(usage.tags()))
                .add("features", JsonArray.EMPTY_JSON_ARRAY)
                .add("config", JsonObject.EMPTY_JSON_OBJECT);
    }

    /** What a failed request's status says: its reason phrase, for a status HTTP names. */
    private static String failure(int status) {
        if (status == MeteredJob.CANCELLED_STATUS) {
            return "Cancelled by the client.";
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "The request failed with status " + status + "." : known.getReasonPhrase();
    }

    /** {@code GET .../usage}: one result per day with usage. */
    static JsonObject usage(LocalDate first, LocalDate last, List<RequestLog.Totals> days) {
        JsonArrayBuilder results = JsonFactories.BUILDERS.createArrayBuilder();
        for (RequestLog.Totals day : days) {
            results.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("start", day.day().toString())
                    .add("end", day.day().toString())
                    .add("hours", hours(day.inputAudioMs()))
                    .add("total_hours", hours(day.allChannelsMs()))
                    .add("requests", day.requests()));
        }
        return window(first, last).add("results", results).build();
    }

    /**
     * {@code GET .../usage/breakdown}: one result per day and value of each grouping asked for;
     * a grouping not asked for is null in {@code grouping}.
     */
    static JsonObject breakdown(LocalDate first, LocalDate last, Set<String> grouping, List<RequestLog.Totals> rows) {
        JsonArrayBuilder results = JsonFactories.BUILDERS.createArrayBuilder();
        for (RequestLog.Totals row : rows) {
            JsonObjectBuilder groups = JsonFactories.BUILDERS.createObjectBuilder()
                    .add("start", row.day().toString())
                    .add("end", row.day().toString());
            for (String name : ProjectQuery.GROUPINGS.keySet()) {
                if (!grouping.contains(name)) {
                    groups.addNull(name);
                    continue;
                }
                switch (name) {
                    case "accessor" -> JsonFactories.nullable(groups, name, row.accessor() == null ? null : row.accessor().toString());
                    case "endpoint" -> JsonFactories.nullable(groups, name, row.endpoint());
                    // A list, as Deepgram's clients read it: the group's model by name ([] for none).
                    case "models" -> groups.add(name, row.model() == null ? JsonArray.EMPTY_JSON_ARRAY
                            : JsonFactories.BUILDERS.createArrayBuilder().add(row.model()).build());
                    case "method" -> JsonFactories.nullable(groups, name, row.method());
                    case "tags" -> groups.add(name, JsonFactories.BUILDERS.createArrayBuilder(row.tags()));
                    case "deployment" -> groups.add(name, DEPLOYMENT);
                    default -> groups.addNull(name); // feature_set, a string to Deepgram's clients: none recorded
                }
            }
            results.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("hours", hours(row.inputAudioMs()))
                    .add("total_hours", hours(row.allChannelsMs()))
                    .add("agent_hours", 0)
                    .add("tokens_in", row.inputTokens())
                    .add("tokens_out", row.outputTokens())
                    .add("tts_characters", 0)
                    .add("requests", row.requests())
                    .add("grouping", groups));
        }
        return window(first, last).add("results", results).build();
    }

    /** {@code GET .../usage/fields}. */
    static JsonObject fields(RequestLog.Fields fields) {
        JsonArrayBuilder models = JsonFactories.BUILDERS.createArrayBuilder();
        for (RequestLog.Model model : fields.models()) {
            JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder().add("name", model.name());
            JsonFactories.nullable(json, "language", model.language());
            models.add(json.addNull("version").add("model_id", ModelIds.of(model.name()).toString()));
        }
        return JsonFactories.BUILDERS.createObjectBuilder()
                .add("tags", JsonFactories.BUILDERS.createArrayBuilder(fields.tags()))
                .add("models", models)
                .add("processing_methods", JsonFactories.BUILDERS.createArrayBuilder(fields.methods()))
                .add("languages", JsonFactories.BUILDERS.createArrayBuilder(fields.languages()))
                .add("features", JsonArray.EMPTY_JSON_ARRAY)
                .build();
    }

    static Set<Grouping> recorded(Set<String> grouping) {
        Set<Grouping> recorded = EnumSet.noneOf(Grouping.class);
        for (String name : grouping) {
            Grouping value = ProjectQuery.GROUPINGS.get(name);
            if (value != null) {
                recorded.add(value);
            }
        }
        return recorded;
    }

    private static JsonObjectBuilder window(LocalDate first, LocalDate last) {
        return JsonFactories.BUILDERS.createObjectBuilder()
                .add("start", first.toString())
                .add("end", last.toString())
                .add("resolution", JsonFactories.BUILDERS.createObjectBuilder().add("units", "day").add("amount", 1));
    }

    /** One file for a request whose input audio was metered, none for one without (speech synthesis, a refusal). */
    private static int audioFiles(UsageRecord record) {
        return record.usage().inputAudioDurationMs() > 0 || record.usage().inputAudioTokens() > 0 ? 1 : 0;
    }

    private static double hours(long milliseconds) {
        return milliseconds / MS_PER_HOUR;
    }
}
