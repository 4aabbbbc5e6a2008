package dev.speechmeter.rest;

import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/usage-logs}: the billed requests of the caller's project in a
 * window of end times, a page at a time.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" \
 *   "http://localhost:8080/v1/usage-logs?start_time=2026-04-28T00:00:00Z&amp;end_time=2026-04-29T00:00:00Z&amp;limit=100"
 * </pre>
 */
@Path("/v1/usage-logs")
@RequestScoped
@Tag(name = OpenApiDocs.USAGE, description = OpenApiDocs.USAGE_TAG)
@SecurityScheme(securitySchemeName = OpenApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = OpenApiDocs.BEARER_DESCRIPTION)
@SecurityScheme(securitySchemeName = OpenApiDocs.TOKEN, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "Authorization", description = OpenApiDocs.TOKEN_DESCRIPTION)
@SecurityRequirement(name = OpenApiDocs.BEARER)
@SecurityRequirement(name = OpenApiDocs.TOKEN)
@APIResponse(responseCode = "401", description = OpenApiDocs.UNAUTHENTICATED, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "403", description = OpenApiDocs.USAGE_FORBIDDEN, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "429", description = OpenApiDocs.THROTTLED, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "503", description = OpenApiDocs.KEYS_UNAVAILABLE, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
public class UsageLogsResource extends ApiResource {

    @Inject
    Instance<UsageLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the usage log", description = "The billed (2xx) requests of the key's project whose "
            + "response completed in [start_time, end_time), by end time, then uuid; a page at a time (keyset paging: "
            + "every entry once, even while new ones are written). Refused, failed and invalid requests are not "
            + "listed.")
    @APIResponse(responseCode = "200", description = "A page of entries.",
            content = @Content(schema = @Schema(implementation = UsageSchemas.UsageLogPage.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_QUERY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "404", description = OpenApiDocs.NO_STORE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response list(
            @HeaderParam("Authorization") String authorization,
            @Parameter(required = true, description = "Inclusive, on the entries' end time; at most 91 days ago. "
                    + OpenApiDocs.UTC_TIME, schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("start_time") String startTime,
            @Parameter(required = true, description = "Exclusive; later than start_time and at most 31 days after it. "
                    + OpenApiDocs.UTC_TIME, schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("end_time") String endTime,
            @Parameter(description = "The most entries on a page.", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "" + UsageLogRequest.MAX_LIMIT,
                    defaultValue = "" + UsageLogRequest.MAX_LIMIT))
            @QueryParam("limit") String limit,
            @Parameter(description = "The order, by end time.", schema = @Schema(type = SchemaType.STRING,
                    enumeration = {UsageLogRequest.ASCENDING, UsageLogRequest.DESCENDING},
                    defaultValue = UsageLogRequest.ASCENDING))
            @QueryParam("sort") String sort,
            @Parameter(description = "next_page_cursor of the previous page, sent with the same sort.",
                    schema = @Schema(type = SchemaType.STRING, maxLength = UsageLogRequest.MAX_CURSOR_LENGTH))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Only the entries with this reference.", schema = @Schema(type = SchemaType.STRING,
                    maxLength = UsageLogRequest.MAX_CLIENT_REFERENCE_ID))
            @QueryParam("client_reference_id") String clientReferenceId) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        UsageLogRequest request = UsageLogRequest.parse(startTime, endTime, limit, sort, cursor, clientReferenceId,
                runtime.engine().clock().instant());
        if (!request.errors().isEmpty()) {
            return call.invalid(request.errors());
        }
        if (!logs.isResolvable()) {
            return call.noUsageLog();
        }
        UsageLog.Page page = logs.get().entries(request.query(call.caller().projectId()));
        JsonArrayBuilder entries = JsonFactories.BUILDERS.createArrayBuilder();
        page.entries().forEach(entry -> entries.add(json(entry)));
        JsonObjectBuilder body = JsonFactories.BUILDERS.createObjectBuilder().add("usage_logs", entries);
        if (page.next() == null) {
            body.addNull("next_page_cursor");
        } else {
            body.add("next_page_cursor", request.cursorAfter(page.next()));
        }
        return call.ok(body.build());
    }

    static JsonObjectBuilder json(UsageLog.Entry entry) {
        Usage usage = entry.usage();
        Costs costs = entry.costs();
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder()
                .add("uuid", entry.uuid().toString())
                .add("request_scope", entry.requestScope());
        JsonFactories.nullable(json, "client_reference_id", entry.clientReferenceId());
        JsonFactories.nullable(json, "model", usage.model());
        return json
                .add("start_time", entry.startTime().toString())
                .add("end_time", entry.endTime().toString())
                .add("input_text_tokens", usage.inputTextTokens())
                .add("input_audio_tokens", usage.inputAudioTokens())
                .add("input_audio_duration_ms", usage.inputAudioDurationMs())
                .add("output_text_tokens", usage.outputTextTokens())
                .add("output_audio_tokens", usage.outputAudioTokens())
                .add("output_audio_duration_ms", usage.outputAudioDurationMs())
                .add("cost_usd", costs.costUsd().toPlainString())
                .add("input_cost_usd", costs.inputCostUsd().toPlainString())
                .add("input_text_cost_usd", costs.inputTextCostUsd().toPlainString())
                .add("input_audio_cost_usd", costs.inputAudioCostUsd().toPlainString())
                .add("output_cost_usd", costs.outputCostUsd().toPlainString())
                .add("output_text_cost_usd", costs.outputTextCostUsd().toPlainString())
                .add("output_audio_cost_usd", costs.outputAudioCostUsd().toPlainString());
    }
}
