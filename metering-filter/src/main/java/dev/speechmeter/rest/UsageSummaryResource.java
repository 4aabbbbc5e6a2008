package dev.speechmeter.rest;

import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import dev.speechmeter.spi.UsageLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
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
 * {@code GET /v1/usage/summary?start_time&end_time}: the project's usage per
 * UTC day touched by the half-open window (at most 366 days), in total and per model, read from
 * the daily totals rather than the raw entries.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" \
 *   "http://localhost:8080/v1/usage/summary?start_time=2026-11-01T00:00:00Z&amp;end_time=2026-12-01T00:00:00Z"
 * </pre>
 */
@Path("/v1/usage/summary")
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
public class UsageSummaryResource extends ApiResource {

    @Inject
    Instance<UsageLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Summarize usage per day", description = "The project's usage on every UTC day the "
            + "half-open window [start_time, end_time) touches (at most " + UsageSummaryRequest.MAX_DAYS + "), each "
            + "present even without usage, in total and per model. A request counts on the day its response "
            + "completed.")
    @APIResponse(responseCode = "200", description = "The series of the window.",
            content = @Content(schema = @Schema(implementation = UsageSchemas.Summary.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_QUERY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "404", description = OpenApiDocs.NO_STORE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response summary(
            @HeaderParam("Authorization") String authorization,
            @Parameter(required = true, description = "The window's start. " + OpenApiDocs.UTC_TIME,
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("start_time") String startTime,
            @Parameter(required = true, description = "The window's end, exclusive; later than start_time. "
                    + OpenApiDocs.UTC_TIME, schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("end_time") String endTime) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        UsageSummaryRequest request = UsageSummaryRequest.parse(startTime, endTime);
        if (!request.errors().isEmpty()) {
            return call.invalid(request.errors());
        }
        if (!logs.isResolvable()) {
            return call.noUsageLog();
        }
        LocalDate first = request.first();
        LocalDate last = request.last();
        UsageSummary summary = new UsageSummary(first, last).add(logs.get().days(call.caller().projectId(), first, last));
        return call.ok(summary.json());
    }
}
