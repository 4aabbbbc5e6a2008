package dev.speechmeter.rest;

import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
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
 * {@code GET /v1/concurrent-streams-history?start_time&end_time&period_sec&kind}: how many slots of
 * a pool the caller's project held, period by period: on this server, or on the fleet when the
 * limit store keeps the history for it ({@code 503} while it cannot be read). Any live key of the
 * project with {@code usage:read} may ask.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" "http://localhost:8080/v1/concurrent-streams-history?\
 * start_time=2026-11-22T00:00:00Z&amp;end_time=2026-11-23T00:00:00Z&amp;period_sec=3600&amp;kind=stt"
 * </pre>
 */
@Path("/v1/concurrent-streams-history")
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
public class ConcurrentStreamsHistoryResource extends ApiResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read the concurrency history", description = "How many slots of a pool the key's project "
            + "held, period by period: on this server, or on the whole fleet when the servers share their limits "
            + "through Redis. Every period starting in [start_time, end_time), at most "
            + ConcurrencyHistoryRequest.MAX_ENTRIES + ", and with period_sec=60 a window of at most 7 days. Each of "
            + "the four parameters is required and given once; others are ignored.")
    @Parameter(name = "start_time", in = ParameterIn.QUERY, required = true, description = "The first period is the "
            + "first one starting at or after it. " + OpenApiDocs.UTC_TIME,
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "end_time", in = ParameterIn.QUERY, required = true, description = "Later than start_time; the "
            + "last period is the last one starting before it. " + OpenApiDocs.UTC_TIME,
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "period_sec", in = ParameterIn.QUERY, required = true, description = "The length of a period: "
            + "minutes, hours or days, aligned on UTC.",
            schema = @Schema(type = SchemaType.INTEGER, enumeration = {"60", "3600", "86400"}))
    @Parameter(name = "kind", in = ParameterIn.QUERY, required = true, description = "The pool: stt for "
            + "transcriptions and real-time streams, tts for speech synthesis.",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"stt", "tts"}))
    @APIResponse(responseCode = "200", description = "The periods of the window.",
            content = @Content(schema = @Schema(implementation = UsageSchemas.ConcurrentStreamsHistory.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_QUERY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "503", description = OpenApiDocs.HISTORY_UNAVAILABLE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response get(@HeaderParam("Authorization") String authorization, @Context UriInfo uri) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        ConcurrencyHistoryRequest request = ConcurrencyHistoryRequest.parse(uri.getQueryParameters());
        if (!request.errors().isEmpty()) {
            return call.invalid(request.errors());
        }
        List<ConcurrencyHistoryStore.Entry> entries;
        try {
            entries = runtime.engine().concurrencyHistory().entries(call.caller().projectId(), request.pool(),
                    request.resolution(), request.firstStart(), request.count());
        } catch (LimitStoreUnavailableException e) {
            return call.error(ApiErrors.historyUnavailable(call.requestId()));
        }
        return call.ok(json(request.kind(), entries));
    }

    static JsonObject json(String kind, List<ConcurrencyHistoryStore.Entry> entries) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        for (ConcurrencyHistoryStore.Entry entry : entries) {
            array.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("period_start", entry.periodStart().toString())
                    .add("period_sec", entry.periodSeconds())
                    .add("sample_min", entry.sampleMin())
                    .add("sample_max", entry.sampleMax())
                    .add("sample_sum", entry.sampleSum())
                    .add("sample_count", entry.sampleCount())
                    .add("total_count", entry.totalCount()));
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("kind", kind).add("entries", array).build();
    }
}
