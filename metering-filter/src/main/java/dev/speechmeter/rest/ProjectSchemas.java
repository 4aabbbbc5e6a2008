package dev.speechmeter.rest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the Deepgram-style project endpoints as the OpenAPI document describes them: what
 * {@link ProjectsJson} writes, and the words of the query parameters {@link ProjectQuery} reads.
 * They describe; they never write JSON.
 */
final class ProjectSchemas {

    static final String PROJECT_ID = "The key's own project's id.";
    static final String NO_USAGE = "No billed request matches the window and filters; or no such project, or no "
            + "request log.";
    static final String START = "The window's start: a date (2026-04-28) or a time (2026-04-28T09:00:00, with or "
            + "without an offset such as Z or +02:00; without one it is UTC). Default: 30 days before end.";
    static final String END_OF_REQUESTS = "The window's end: a date includes that whole day, a time is exclusive. "
            + "Default: now.";
    static final String END_OF_DAYS = "The window's end: a date or a time, read as its UTC date, which the window "
            + "includes. Default: today. The window covers at most " + ProjectQuery.MAX_USAGE_DAYS + " days.";
    static final String METHOD = "Only requests of these processing methods (sync, async or streaming); repeatable.";
    static final String ENDPOINT = "Only requests of this request scope, e.g. transcribe_async.";
    static final String ACCESSOR = "Only requests made with these API key ids; repeatable.";
    static final String MODEL = "Only requests of these models, by name or model_id; repeatable.";
    static final String TAG = "Only requests carrying any of these tags, compared exactly; repeatable. Deepgram's "
            + "feature flags (diarize, punctuate, smart_format, ...) are also accepted: no features are recorded, so "
            + "true matches no request and false excludes none.";

    private static final String HOURS = "Hours of input audio.";
    private static final String TOTAL_HOURS = "Hours of input audio, every channel counted.";

    private ProjectSchemas() {
    }

    @Schema(name = "ProjectList", description = "The key's own project.")
    record ProjectList(@Schema(required = true) List<Project> projects) {
    }

    @Schema(name = "Project", description = "A project.")
    record Project(
            @Schema(name = "project_id", required = true, format = "uuid") String projectId,
            @Schema(required = true) String name) {
    }

    @Schema(name = "ProjectRequestPage", description = "A page of the project's requests, newest first.")
    record RequestPage(
            @Schema(required = true, description = "The page asked for, from 0.") long page,
            @Schema(required = true) long limit,
            @Schema(required = true) List<ProjectRequest> requests) {
    }

    @Schema(name = "ProjectRequestEnvelope", description = "One request of the project.")
    record RequestEnvelope(@Schema(required = true) ProjectRequest request) {
    }

    @Schema(name = "ProjectRequest", description = "One request: billed, failed or refused by a limit.")
    record ProjectRequest(
            @Schema(name = "request_id", required = true, format = "uuid") String requestId,
            @Schema(name = "project_uuid", required = true, format = "uuid") String projectUuid,
            @Schema(required = true, format = "date-time", description = "When it was admitted.") String created,
            @Schema(required = true, nullable = true, examples = "/v1/transcriptions") String path,
            @Schema(name = "api_key_id", required = true, format = "uuid") String apiKeyId,
            @Schema(required = true, description = "The status the client got.", examples = "200") long code,
            @Schema(required = true, enumeration = ProjectsJson.DEPLOYMENT) String deployment,
            @Schema(required = true) RequestResponse response) {
    }

    @Schema(name = "ProjectRequestResponse", description = "How the request ended: details when its status is below "
            + "400, a message otherwise.")
    record RequestResponse(
            @Schema(required = true) long code,
            @Schema(required = true, format = "date-time", description = "When its response completed.")
            String completed,
            RequestDetails details,
            @Schema(description = "The status's reason phrase.", examples = "Too Many Requests") String message) {
    }

    @Schema(name = "ProjectRequestDetails", description = "What the request used and cost.")
    record RequestDetails(
            @Schema(required = true, description = "The exact cost in USD.", examples = "0.002012") BigDecimal usd,
            @Schema(required = true, description = HOURS) double duration,
            @Schema(name = "total_audio", required = true, minimum = "0", maximum = "1", description = "Audio files "
                    + "carried: 1 when input audio was metered.") long totalAudio,
            @Schema(required = true, minimum = "1") long channels,
            @Schema(required = true) long streams,
            @Schema(required = true, nullable = true, description = "sync, async or streaming.") String method,
            @Schema(required = true, description = "The model's id.") List<ModelId> models,
            @Schema(required = true) List<String> tags,
            @Schema(required = true, description = "Always empty: no features are recorded.") List<String> features,
            @Schema(required = true, description = "Always empty.") Map<String, Object> config) {
    }

    @Schema(name = "ModelId", type = SchemaType.STRING,
            format = "uuid", description = "A model's stable id: a name-based UUID (version 5) of its name.",
            examples = "71d3f098-1a1c-5f79-8fc4-0fb4b6a9d9e0")
    static final class ModelId {

        private ModelId() {
        }
    }

    @Schema(name = "ProcessingMethod", type = SchemaType.STRING, enumeration = {"sync", "async", "streaming"},
            description = "How an endpoint processes: as it was declared.")
    static final class Method {

        private Method() {
        }
    }

    @Schema(name = "ApiKeyId", type = SchemaType.STRING, format = "uuid", description = "An API key's id.")
    static final class KeyId {

        private KeyId() {
        }
    }

    @Schema(name = "ProjectUsageGroupingName", type = SchemaType.STRING,
            enumeration = {"accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"},
            description = "A dimension of the usage breakdown.")
    static final class GroupingName {

        private GroupingName() {
        }
    }

    @Schema(name = "ProjectUsage", description = "One result per UTC day with usage.")
    record Usage(
            @Schema(required = true, format = "date") String start,
            @Schema(required = true, format = "date") String end,
            @Schema(required = true) Resolution resolution,
            @Schema(required = true) List<UsageDay> results) {
    }

    @Schema(name = "UsageResolution", description = "The results' resolution: one day.")
    record Resolution(
            @Schema(required = true, enumeration = "day") String units,
            @Schema(required = true, enumeration = "1") long amount) {
    }

    @Schema(name = "ProjectUsageDay", description = "One UTC day's billed requests.")
    record UsageDay(
            @Schema(required = true, format = "date") String start,
            @Schema(required = true, format = "date") String end,
            @Schema(required = true, description = HOURS) double hours,
            @Schema(name = "total_hours", required = true, description = TOTAL_HOURS) double totalHours,
            @Schema(required = true) long requests) {
    }

    @Schema(name = "ProjectUsageBreakdown", description = "One result per day and value of each grouping.")
    record Breakdown(
            @Schema(required = true, format = "date") String start,
            @Schema(required = true, format = "date") String end,
            @Schema(required = true) Resolution resolution,
            @Schema(required = true) List<BreakdownResult> results) {
    }

    @Schema(name = "ProjectUsageBreakdownResult", description = "One group's usage on one day.")
    record BreakdownResult(
            @Schema(required = true, description = HOURS) double hours,
            @Schema(name = "total_hours", required = true, description = TOTAL_HOURS) double totalHours,
            @Schema(name = "agent_hours", required = true, description = "Always 0.") double agentHours,
            @Schema(name = "tokens_in", required = true) long tokensIn,
            @Schema(name = "tokens_out", required = true) long tokensOut,
            @Schema(name = "tts_characters", required = true, description = "Always 0.") long ttsCharacters,
            @Schema(required = true) long requests,
            @Schema(required = true) Grouping grouping) {
    }

    @Schema(name = "ProjectUsageGrouping", description = "The group: its day and, for each grouping asked for, its "
            + "value; a grouping not asked for is null.")
    record Grouping(
            @Schema(required = true, format = "date") String start,
            @Schema(required = true, format = "date") String end,
            @Schema(required = true, nullable = true, format = "uuid", description = "An API key id.") String accessor,
            @Schema(required = true, nullable = true, description = "A request scope.") String endpoint,
            @Schema(name = "feature_set", required = true, nullable = true, description = "Always null: no features "
                    + "are recorded.") String featureSet,
            @Schema(required = true, nullable = true, description = "The group's model by name; [] for none.")
            List<String> models,
            @Schema(required = true, nullable = true) String method,
            @Schema(required = true, nullable = true, description = "The group's set of tags.") List<String> tags,
            @Schema(required = true, nullable = true, description = "Always " + ProjectsJson.DEPLOYMENT + " when grouped by.")
            String deployment) {
    }

    @Schema(name = "ProjectUsageFields", description = "What the billed requests of the window used, each list "
            + "sorted.")
    record Fields(
            @Schema(required = true) List<String> tags,
            @Schema(required = true) List<FieldModel> models,
            @Schema(name = "processing_methods", required = true) List<String> processingMethods,
            @Schema(required = true) List<String> languages,
            @Schema(required = true, description = "Always empty: no features are recorded.") List<String> features) {
    }

    @Schema(name = "ProjectUsageModel", description = "A model used in the window.")
    record FieldModel(
            @Schema(required = true, examples = "stt-async-sample") String name,
            @Schema(required = true, nullable = true, description = "The one language it served in, or null when "
                    + "none or several.") String language,
            @Schema(required = true, nullable = true, description = "Always null.") String version,
            @Schema(name = "model_id", required = true) ModelId modelId) {
    }
}
