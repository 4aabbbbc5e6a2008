package dev.speechmeter.rest;

import dev.speechmeter.internal.http.DeepgramErrorRenderer;
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
public class ProjectsResource extends ApiResource {

    private static final ErrorRenderer ERRORS = new DeepgramErrorRenderer();



    @Inject
    Instance<RequestLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
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
    public Response project(@HeaderParam("Authorization") String authorization,
                            @PathParam("project_id") String projectId) {
        return withProject(authorization, projectId, (call, project) -> call.ok(ProjectsJson.project(project)));
    }

    @GET
    @Path("{project_id}/requests")
    @Produces(MediaType.APPLICATION_JSON)
    public Response requests(@HeaderParam("Authorization") String authorization,
                             @PathParam("project_id") String projectId, @Context UriInfo uri) {
        return withQuery(authorization, projectId, uri, ProjectQuery::requests, (call, project, query) -> {
            List<UsageRecord> page = logs.get().requests(query.filter(project.projectId()), query.limit(), query.page());
            return call.ok(ProjectsJson.requests(query.page(), query.limit(), page));
        });
    }

    @GET
    @Path("{project_id}/requests/{request_id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response request(@HeaderParam("Authorization") String authorization,
                            @PathParam("project_id") String projectId, @PathParam("request_id") String requestId) {
        return withProject(authorization, projectId, (call, project) -> ApiCall.pathId(requestId)
                .flatMap(id -> logs.get().request(project.projectId(), id))
                .map(found -> call.ok(JsonFactories.BUILDERS.createObjectBuilder().add("request", ProjectsJson.request(found)).build()))
                .orElseGet(() -> call.notFound("The project has no request with this id.")));
    }

    @GET
    @Path("{project_id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    public Response usage(@HeaderParam("Authorization") String authorization,
                          @PathParam("project_id") String projectId, @Context UriInfo uri) {
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
    public Response breakdown(@HeaderParam("Authorization") String authorization,
                              @PathParam("project_id") String projectId, @Context UriInfo uri) {
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
    public Response fields(@HeaderParam("Authorization") String authorization,
                           @PathParam("project_id") String projectId, @Context UriInfo uri) {
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
