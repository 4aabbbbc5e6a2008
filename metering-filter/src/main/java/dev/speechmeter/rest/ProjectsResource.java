package dev.speechmeter.rest;

import dev.speechmeter.internal.http.DeepgramErrorRenderer;
import dev.speechmeter.rest.ErrorSchemas.DeepgramError;
import dev.speechmeter.rest.OpenApiDocs.Id;
import dev.speechmeter.spi.ErrorRenderer;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.UsageRecord;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * The Deepgram-style project endpoints: the caller's project, its request list
 * and its usage. The key must belong to the project in the path: another project's id is
 * {@code 403}, an id that is no project's is {@code 404}, as is a usage query that finds no
 * usage. Every error is in Deepgram's shape.
 *
 * <pre>
 * curl -H "Authorization: Token $KEY" "http://localhost:8080/v1/projects"
 * curl -H "Authorization: Token $KEY" "http://localhost:8080/v1/projects/$PROJECT/requests?start=2026-11-01&amp;limit=10"
 * curl -H "Authorization: Token $KEY" "http://localhost:8080/v1/projects/$PROJECT/usage/breakdown?grouping=models"
 * </pre>
 */
@Path("/v1/projects")
@RequestScoped
@Tag(name = OpenApiDocs.PROJECTS, description = OpenApiDocs.PROJECTS_TAG)
@SecurityScheme(securitySchemeName = OpenApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = OpenApiDocs.BEARER_DESCRIPTION)
@SecurityScheme(securitySchemeName = OpenApiDocs.TOKEN, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "Authorization", description = OpenApiDocs.TOKEN_DESCRIPTION)
@SecurityRequirement(name = OpenApiDocs.BEARER)
@SecurityRequirement(name = OpenApiDocs.TOKEN)
@APIResponse(responseCode = "401", description = OpenApiDocs.UNAUTHENTICATED,
        content = @Content(schema = @Schema(implementation = DeepgramError.class)))
@APIResponse(responseCode = "403", description = OpenApiDocs.PROJECT_FORBIDDEN,
        content = @Content(schema = @Schema(implementation = DeepgramError.class)))
@APIResponse(responseCode = "429", description = OpenApiDocs.THROTTLED,
        content = @Content(schema = @Schema(implementation = DeepgramError.class)))
@APIResponse(responseCode = "503", description = OpenApiDocs.KEYS_UNAVAILABLE,
        content = @Content(schema = @Schema(implementation = DeepgramError.class)))
@APIResponse(responseCode = "404", description = OpenApiDocs.PROJECT_NOT_FOUND,
        content = @Content(schema = @Schema(implementation = DeepgramError.class)))
public class ProjectsResource extends ApiResource {

    private static final ErrorRenderer ERRORS = new DeepgramErrorRenderer();



    @Inject
    Instance<RequestLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List projects", description = "The key's own project.")
    @APIResponse(responseCode = "200", description = "The project.",
            content = @Content(schema = @Schema(implementation = ProjectSchemas.ProjectList.class)))
    public Response projects(@HeaderParam("Authorization") String authorization) {
        ApiCall call = call(authorization, ERRORS);
        if (call.refusal() != null) {
            return call.refusal();
        }
        if (!logs.isResolvable()) {
            return noRequestLog(call);
        }
        Optional<RequestLog.Project> own = logs.get().project(call.caller().projectId());
        return call.ok(JsonFactories.BUILDERS.createObjectBuilder().add("projects", own
                .map(project -> JsonFactories.BUILDERS.createArrayBuilder().add(ProjectsJson.project(project)).build())
                .orElse(JsonArray.EMPTY_JSON_ARRAY)).build());
    }

    @GET
    @Path("{project_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a project", description = "The project, when it is the key's own.")
    @APIResponse(responseCode = "200", description = "The project.",
            content = @Content(schema = @Schema(implementation = ProjectSchemas.Project.class)))
    public Response project(
            @HeaderParam("Authorization") String authorization,
            @Parameter(description = ProjectSchemas.PROJECT_ID, schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId) {
        return withProject(authorization, projectId, (call, project) -> call.ok(ProjectsJson.project(project)));
    }

    @GET
    @Path("{project_id}/requests")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List requests", description = "The project's requests created in the window, newest "
            + "first, a page at a time: billed, failed and refused by a limit.")
    @Parameter(name = "start", in = ParameterIn.QUERY, description = ProjectSchemas.START,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @Parameter(name = "end", in = ParameterIn.QUERY, description = ProjectSchemas.END_OF_REQUESTS,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Requests on a page.",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + ProjectQuery.MAX_LIMIT,
                    defaultValue = "" + ProjectQuery.DEFAULT_LIMIT))
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "The page, from 0.",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    @Parameter(name = "status", in = ParameterIn.QUERY,
            description = "succeeded: a status below 300; failed: 400 or above.",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"succeeded", "failed"}))
    @Parameter(name = "method", in = ParameterIn.QUERY, description = ProjectSchemas.METHOD,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProjectSchemas.Method.class))
    @Parameter(name = "endpoint", in = ParameterIn.QUERY, description = ProjectSchemas.ENDPOINT,
            schema = @Schema(type = SchemaType.STRING, maxLength = ProjectQuery.MAX_TEXT))
    @Parameter(name = "accessor", in = ParameterIn.QUERY, description = ProjectSchemas.ACCESSOR,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProjectSchemas.KeyId.class))
    @Parameter(name = "request_id", in = ParameterIn.QUERY, description = "Only the request with this id.",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "200", description = "A page of requests.",
            content = @Content(schema = @Schema(implementation = ProjectSchemas.RequestPage.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_QUERY,
            content = @Content(schema = @Schema(implementation = DeepgramError.class)))
    public Response requests(
            @HeaderParam("Authorization") String authorization,
            @Parameter(description = ProjectSchemas.PROJECT_ID, schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId,
            @Context UriInfo uri) {
        return withQuery(authorization, projectId, uri, ProjectQuery::requests, (call, project, query) -> {
            List<UsageRecord> page = logs.get().requests(query.filter(project.projectId()), query.limit(), query.page());
            return call.ok(ProjectsJson.requests(query.page(), query.limit(), page));
        });
    }

    @GET
    @Path("{project_id}/requests/{request_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a request", description = "One request of the project.")
    @APIResponse(responseCode = "200", description = "The request.",
            content = @Content(schema = @Schema(implementation = ProjectSchemas.RequestEnvelope.class)))
    public Response request(
            @HeaderParam("Authorization") String authorization,
            @Parameter(description = ProjectSchemas.PROJECT_ID, schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId,
            @Parameter(description = "The request's id, its X-Request-Id.", schema = @Schema(implementation = Id.class))
            @PathParam("request_id") String requestId) {
        return withProject(authorization, projectId, (call, project) -> ApiCall.pathId(requestId)
                .flatMap(id -> logs.get().request(project.projectId(), id))
                .map(found -> call.ok(JsonFactories.BUILDERS.createObjectBuilder().add("request", ProjectsJson.request(found)).build()))
                .orElseGet(() -> call.notFound("The project has no request with this id.")));
    }

    @GET
    @Path("{project_id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Summarize usage", description = "The project's billed requests per UTC day of the "
            + "window, counted on the day their response completed.")
    @Parameter(name = "start", in = ParameterIn.QUERY, description = ProjectSchemas.START,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @Parameter(name = "end", in = ParameterIn.QUERY, description = ProjectSchemas.END_OF_DAYS,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @Parameter(name = "method", in = ParameterIn.QUERY, description = ProjectSchemas.METHOD,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProjectSchemas.Method.class))
    @Parameter(name = "endpoint", in = ParameterIn.QUERY, description = ProjectSchemas.ENDPOINT,
            schema = @Schema(type = SchemaType.STRING, maxLength = ProjectQuery.MAX_TEXT))
    @Parameter(name = "accessor", in = ParameterIn.QUERY, description = ProjectSchemas.ACCESSOR,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProjectSchemas.KeyId.class))
    @Parameter(name = "model", in = ParameterIn.QUERY, description = ProjectSchemas.MODEL,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = ProjectSchemas.TAG,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @APIResponse(responseCode = "200", description = "One result per day with usage.",
            content = @Content(schema = @Schema(implementation = ProjectSchemas.Usage.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_QUERY,
            content = @Content(schema = @Schema(implementation = DeepgramError.class)))
    @APIResponse(responseCode = "404", description = ProjectSchemas.NO_USAGE,
            content = @Content(schema = @Schema(implementation = DeepgramError.class)))
    public Response usage(
            @HeaderParam("Authorization") String authorization,
            @Parameter(description = ProjectSchemas.PROJECT_ID, schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId,
            @Context UriInfo uri) {
        return withQuery(authorization, projectId, uri, ProjectQuery::usage, (call, project, query) -> {
            List<RequestLog.Totals> days = query.matchesNothing()
                    ? List.of()
                    : logs.get().usage(usageFilter(project, query), Set.of());
            if (days.isEmpty()) {
                return call.notFound("No usage was found for this project in this window with these filters.");
            }
            return call.ok(ProjectsJson.usage(query.firstDay(), query.lastDay(), days));
        });
    }

    @GET
    @Path("{project_id}/usage/breakdown")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Break usage down", description = "As usage, per day and value of each grouping asked "
            + "for; an empty list when nothing matches.")
    @Parameter(name = "start", in = ParameterIn.QUERY, description = ProjectSchemas.START,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @Parameter(name = "end", in = ParameterIn.QUERY, description = ProjectSchemas.END_OF_DAYS,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @Parameter(name = "method", in = ParameterIn.QUERY, description = ProjectSchemas.METHOD,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProjectSchemas.Method.class))
    @Parameter(name = "endpoint", in = ParameterIn.QUERY, description = ProjectSchemas.ENDPOINT,
            schema = @Schema(type = SchemaType.STRING, maxLength = ProjectQuery.MAX_TEXT))
    @Parameter(name = "accessor", in = ParameterIn.QUERY, description = ProjectSchemas.ACCESSOR,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProjectSchemas.KeyId.class))
    @Parameter(name = "model", in = ParameterIn.QUERY, description = ProjectSchemas.MODEL,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = ProjectSchemas.TAG,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "grouping", in = ParameterIn.QUERY,
            description = "The dimensions to group by; repeat it or separate them with commas.",
            schema = @Schema(type = SchemaType.ARRAY,
                    implementation = ProjectSchemas.GroupingName.class))
    @APIResponse(responseCode = "200", description = "One result per day and group.",
            content = @Content(schema = @Schema(implementation = ProjectSchemas.Breakdown.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_QUERY,
            content = @Content(schema = @Schema(implementation = DeepgramError.class)))
    public Response breakdown(
            @HeaderParam("Authorization") String authorization,
            @Parameter(description = ProjectSchemas.PROJECT_ID, schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId,
            @Context UriInfo uri) {
        return withQuery(authorization, projectId, uri, ProjectQuery::breakdown, (call, project, query) -> {
            List<RequestLog.Totals> rows = query.matchesNothing()
                    ? List.of()
                    : logs.get().usage(usageFilter(project, query), ProjectsJson.recorded(query.grouping()));
            return call.ok(ProjectsJson.breakdown(query.firstDay(), query.lastDay(), query.grouping(), rows));
        });
    }

    @GET
    @Path("{project_id}/usage/fields")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List usage fields", description = "The tags, models, processing methods and languages "
            + "of the project's billed requests in the window.")
    @Parameter(name = "start", in = ParameterIn.QUERY, description = ProjectSchemas.START,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @Parameter(name = "end", in = ParameterIn.QUERY, description = ProjectSchemas.END_OF_DAYS,
            schema = @Schema(type = SchemaType.STRING, examples = "2026-11-01"))
    @APIResponse(responseCode = "200", description = "What the window's requests used.",
            content = @Content(schema = @Schema(implementation = ProjectSchemas.Fields.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_QUERY,
            content = @Content(schema = @Schema(implementation = DeepgramError.class)))
    public Response fields(
            @HeaderParam("Authorization") String authorization,
            @Parameter(description = ProjectSchemas.PROJECT_ID, schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId,
            @Context UriInfo uri) {
        return withQuery(authorization, projectId, uri, ProjectQuery::fields, (call, project, query) ->
                call.ok(ProjectsJson.fields(logs.get().fields(project.projectId(), query.start(), query.end()))));
    }

    /** The query's filter, with each model given by its id (see {@link ModelIds}) named instead. */
    private RequestLog.Filter usageFilter(RequestLog.Project project, ProjectQuery query) {
        RequestLog.Filter filter = query.filter(project.projectId());
        List<String> models = ModelIds.asNames(filter.models(), () -> logs.get()
                .fields(project.projectId(), query.start(), query.end()).models().stream()
                .map(RequestLog.Model::name).toList());
        return filter.withModels(models.toArray(String[]::new));
    }

    /** Authenticates, then checks that the path's project is the caller's own. */
    private Response withProject(String authorization, String projectId, ProjectCall then) {
        ApiCall call = call(authorization, ERRORS);
        if (call.refusal() != null) {
            return call.refusal();
        }
        if (!logs.isResolvable()) {
            return noRequestLog(call);
        }
        Optional<RequestLog.Project> project = ApiCall.pathId(projectId).flatMap(id -> logs.get().project(id));
        if (project.isEmpty()) {
            return call.notFound("There is no project with this id.");
        }
        if (!project.get().projectId().equals(call.caller().projectId())) {
            return call.permissionDenied("This key does not belong to the project.");
        }
        return then.answer(call, project.get());
    }

    /** As {@link #withProject}, then reads the query parameters; a bad one is a 400. */
    private Response withQuery(String authorization, String projectId, UriInfo uri,
                               QueryReader reader, QueryCall then) {
        return withProject(authorization, projectId, (call, project) -> {
            ProjectQuery query = reader.read(uri.getQueryParameters(), runtime.engine().clock().instant());
            if (!query.errors().isEmpty()) {
                return call.invalid(query.errors());
            }
            return then.answer(call, project, query);
        });
    }

    private static Response noRequestLog(ApiCall call) {
        return call.notFound("This server keeps no request log: add a store such as metering-jpa.");
    }

    @FunctionalInterface
    private interface ProjectCall {
        Response answer(ApiCall call, RequestLog.Project project);
    }

    @FunctionalInterface
    private interface QueryCall {
        Response answer(ApiCall call, RequestLog.Project project, ProjectQuery query);
    }

    @FunctionalInterface
    private interface QueryReader {
        ProjectQuery read(Map<String, List<String>> parameters, Instant now);
    }
}
