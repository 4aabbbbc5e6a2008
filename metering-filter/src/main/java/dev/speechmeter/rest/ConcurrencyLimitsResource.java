package dev.speechmeter.rest;

import dev.speechmeter.internal.engine.ConcurrencyReport;
import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/concurrency-limits}: slots in use and caps of the caller's project and
 * organization, per pool. Any live key of the project may ask.
 *
 * <pre>{@code
 * {"project":      {"current": {"transcribe_concurrent": 2, "tts_concurrent": 0},
 *                   "limits":  {"transcribe_concurrent": 4, "tts_concurrent": 1}},
 *  "organization": {"current": {"transcribe_concurrent": 5, "tts_concurrent": 1},
 *                   "limits":  {"transcribe_concurrent": 10, "tts_concurrent": null}}}
 * }</pre>
 */
@Path("/v1/concurrency-limits")
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
public class ConcurrencyLimitsResource extends ApiResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read concurrency limits", description = "Slots in use right now and the caps in force, per "
            + "pool, of the key's project and its organization: on this server when it keeps its limits alone, "
            + "across the fleet when the servers share them through Redis.")
    @APIResponse(responseCode = "200", description = "Both levels.",
            content = @Content(schema = @Schema(implementation = UsageSchemas.ConcurrencyLimits.class)))
    public Response get(@HeaderParam("Authorization") String authorization) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        ConcurrencyReport report = runtime.engine().concurrency(call.caller());
        JsonObject body = JsonFactories.BUILDERS.createObjectBuilder()
                .add("project", level(report.project()))
                .add("organization", level(report.organization()))
                .build();
        return call.ok(body);
    }

    private static JsonObjectBuilder level(ConcurrencyReport.Level level) {
        JsonObjectBuilder current = JsonFactories.BUILDERS.createObjectBuilder();
        level.current().forEach(current::add);
        JsonObjectBuilder limits = JsonFactories.BUILDERS.createObjectBuilder();
        for (Map.Entry<String, Integer> limit : level.limits().entrySet()) {
            if (limit.getValue() == null) {
                limits.addNull(limit.getKey());
            } else {
                limits.add(limit.getKey(), limit.getValue());
            }
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("current", current).add("limits", limits);
    }
}
