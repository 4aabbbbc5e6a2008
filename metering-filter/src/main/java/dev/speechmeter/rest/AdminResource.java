package dev.speechmeter.rest;

import dev.speechmeter.rest.AdminSchemas.FreeLabel;
import dev.speechmeter.rest.AdminSchemas.OwnerLevel;
import dev.speechmeter.rest.AdminSchemas.Period;
import dev.speechmeter.rest.AdminSchemas.Technology;
import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import dev.speechmeter.rest.OpenApiDocs.Id;
import dev.speechmeter.spi.Level;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.ApiKeyInfo;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.NameTakenException;
import dev.speechmeter.spi.TenantAdmin;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The admin surface: organizations, projects, their limits and capacities, and keys. Only a user the container
 * authenticated in the role {@value #ROLE} gets in; an API key never does, whatever it is. The
 * check is made here, so the surface stays closed even where the deployment declares no
 * security constraint (then nobody gets in).
 *
 * <pre>
 * curl -u admin:secret -H "Content-Type: application/json" -d '{"name": "Acme"}' \
 *   http://localhost:8080/v1/admin/organizations
 * </pre>
 */
@Path("/v1/admin")
@RequestScoped
@Tag(name = OpenApiDocs.ADMIN_GROUP, description = OpenApiDocs.ADMIN_TAG)
@SecurityScheme(securitySchemeName = OpenApiDocs.ADMIN, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = OpenApiDocs.ADMIN_DESCRIPTION)
@SecurityRequirement(name = OpenApiDocs.ADMIN)
@APIResponse(responseCode = "401", description = OpenApiDocs.ADMIN_UNAUTHENTICATED, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "403", description = OpenApiDocs.ADMIN_FORBIDDEN, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "404", description = OpenApiDocs.ADMIN_NOT_FOUND, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
public class AdminResource {

    /** The role an administrator must be in. */
    public static final String ROLE = "speechmeter-admin";

    private static final String CAPACITY = "{level: organizations|projects}/{id}/capacities/{technology}/{vendor}"
            + "/{operation}/{period}";

    @Inject
    MeteringRuntime runtime;

    @Inject
    Instance<TenantAdmin> admins;

    /** {@code POST /v1/admin/organizations {"name", "limits"}} → {@code 201 {"organization_id"}}. */
    @POST
    @Path("organizations")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an organization", description = "An organization, with its limits.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = AdminSchemas.NewTenant.class)))
    @APIResponse(responseCode = "201", description = "The organization.",
            content = @Content(schema = @Schema(implementation = AdminSchemas.CreatedOrganization.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "415", description = OpenApiDocs.ADMIN_MEDIA_TYPE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response createOrganization(@Context SecurityContext security, InputStream body) throws IOException {
        String text = JsonBodies.text(body);
        return asAdmin(security, (call, admin) -> {
            AdminBody request = AdminBody.parse(text);
            String name = request.name();
            Limits limits = request.limits("limits", config().limitNames());
            if (!request.errors().isEmpty()) {
                return call.invalid(request.errors());
            }
            UUID id;
            try {
                id = admin.createOrganization(name, limits);
            } catch (NameTakenException e) {
                return call.invalid(List.of(new ValidationError("already_exists", "body.name",
                        "An organization of this name exists already.")));
            }
            return call.created(JsonFactories.BUILDERS.createObjectBuilder().add("organization_id", id.toString()).build());
        });
    }

    /** {@code POST /v1/admin/organizations/{id}/projects {"name", "limits"}} → {@code 201 {"project_id"}}. */
    @POST
    @Path("organizations/{organization_id}/projects")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a project", description = "A project of the organization, with its limits.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = AdminSchemas.NewTenant.class)))
    @APIResponse(responseCode = "201", description = "The project.",
            content = @Content(schema = @Schema(implementation = AdminSchemas.CreatedProject.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "415", description = OpenApiDocs.ADMIN_MEDIA_TYPE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response createProject(
            @Context SecurityContext security,
            @Parameter(description = "The organization's id.", schema = @Schema(implementation = Id.class))
            @PathParam("organization_id") String organizationId,
            InputStream body)
            throws IOException {
        String text = JsonBodies.text(body);
        return asAdmin(security, (call, admin) -> {
            Optional<UUID> organization = ApiCall.pathId(organizationId);
            AdminBody request = AdminBody.parse(text);
            String name = request.name();
            Limits limits = request.limits("limits", config().limitNames());
            if (!request.errors().isEmpty()) {
                return call.invalid(request.errors());
            }
            if (organization.isEmpty() || !admin.organizationExists(organization.get())) {
                return call.notFound("There is no organization with this id.");
            }
            UUID id;
            try {
                id = admin.createProject(organization.get(), name, limits);
            } catch (NameTakenException e) {
                return call.invalid(List.of(new ValidationError("already_exists", "body.name",
                        "The organization has a project of this name already.")));
            }
            return call.created(JsonFactories.BUILDERS.createObjectBuilder().add("project_id", id.toString()).build());
        });
    }

    /** {@code PUT /v1/admin/organizations/{id}/limits {"requests_per_minute": 500, ...}}: replaces them all. */
    @PUT
    @Path("organizations/{id}/limits")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an organization's limits", description = "Replaces every limit of the "
            + "organization: at once on this server, on the others within the key cache's TTL.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = AdminSchemas.Limits.class)))
    @APIResponse(responseCode = "204", description = "Replaced.")
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "415", description = OpenApiDocs.ADMIN_MEDIA_TYPE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response setOrganizationLimits(
            @Context SecurityContext security,
            @Parameter(description = "The organization's id.", schema = @Schema(implementation = Id.class))
            @PathParam("id") String id,
            InputStream body) throws IOException {
        return setLimits(security, id, JsonBodies.text(body), TenantAdmin::organizationExists, "organization");
    }

    /** {@code PUT /v1/admin/projects/{id}/limits {"transcribe_concurrent": 4, ...}}: replaces them all. */
    @PUT
    @Path("projects/{id}/limits")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a project's limits", description = "Replaces every limit of the project: at "
            + "once on this server, on the others within the key cache's TTL.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = AdminSchemas.Limits.class)))
    @APIResponse(responseCode = "204", description = "Replaced.")
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "415", description = OpenApiDocs.ADMIN_MEDIA_TYPE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response setProjectLimits(
            @Context SecurityContext security,
            @Parameter(description = "The project's id.", schema = @Schema(implementation = Id.class))
            @PathParam("id") String id,
            InputStream body) throws IOException {
        return setLimits(security, id, JsonBodies.text(body), TenantAdmin::projectExists, "project");
    }

    /**
     * {@code POST /v1/admin/projects/{id}/keys {"name", "permissions"}} →
     * {@code 201 {"api_key_id", "api_key", "prefix", "permissions"}}.
     */
    @POST
    @Path("projects/{project_id}/keys")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key", description = "A key of the project; its secret is in this answer "
            + "and nowhere else, ever.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = AdminSchemas.NewApiKey.class)))
    @APIResponse(responseCode = "201", description = "The key, with its secret.",
            content = @Content(schema = @Schema(implementation = AdminSchemas.CreatedApiKey.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "415", description = OpenApiDocs.ADMIN_MEDIA_TYPE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response createKey(
            @Context SecurityContext security,
            @Parameter(description = "The project's id.", schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId,
            InputStream body) throws IOException {
        String text = JsonBodies.text(body);
        return asAdmin(security, (call, admin) -> {
            Optional<UUID> project = ApiCall.pathId(projectId);
            AdminBody request = AdminBody.parse(text);
            String name = request.name();
            Set<KeyPermission> permissions = request.permissions();
            if (!request.errors().isEmpty()) {
                return call.invalid(request.errors());
            }
            if (project.isEmpty() || !admin.projectExists(project.get())) {
                return call.notFound("There is no project with this id.");
            }
            CreatedKey key = admin.createKey(project.get(), name, permissions);
            // The secret is in this answer and nowhere else, ever.
            return call.created(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("api_key_id", key.apiKeyId().toString())
                    .add("api_key", key.secret())
                    .add("prefix", ApiKeys.displayPrefix(key.secret()))
                    .add("permissions", permissions(permissions))
                    .build());
        });
    }

    /** {@code GET /v1/admin/projects/{id}/keys} → {@code {"keys": [{"api_key_id", "name", "prefix", ...}]}}. */
    @GET
    @Path("projects/{project_id}/keys")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List API keys", description = "The project's keys, revoked ones included, without their "
            + "secrets.")
    @APIResponse(responseCode = "200", description = "The keys.",
            content = @Content(schema = @Schema(implementation = AdminSchemas.ApiKeyList.class)))
    public Response listKeys(
            @Context SecurityContext security,
            @Parameter(description = "The project's id.", schema = @Schema(implementation = Id.class))
            @PathParam("project_id") String projectId) {
        return asAdmin(security, (call, admin) -> {
            Optional<UUID> project = ApiCall.pathId(projectId);
            if (project.isEmpty() || !admin.projectExists(project.get())) {
                return call.notFound("There is no project with this id.");
            }
            JsonArrayBuilder keys = JsonFactories.BUILDERS.createArrayBuilder();
            for (ApiKeyInfo key : admin.listKeys(project.get())) {
                JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder()
                        .add("api_key_id", key.apiKeyId().toString())
                        .add("name", key.name())
                        .add("prefix", key.prefix())
                        .add("created_at", key.createdAt().toString())
                        .add("permissions", permissions(key.permissions()));
                if (key.revokedAt() == null) {
                    json.addNull("revoked_at");
                } else {
                    json.add("revoked_at", key.revokedAt().toString());
                }
                keys.add(json);
            }
            return call.ok(JsonFactories.BUILDERS.createObjectBuilder().add("keys", keys).build());
        });
    }

    /**
     * {@code DELETE /v1/admin/keys/{id}}: revokes the key, and with it every temporary key it
     * minted. This server forgets its cached look-ups at once; others within the key-cache TTL.
     */
    @DELETE
    @Path("keys/{api_key_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke an API key", description = "Revokes the key and every temporary key it minted: "
            + "at once on this server, on the others within the key cache's TTL.")
    @APIResponse(responseCode = "204", description = "Revoked.")
    public Response revokeKey(
            @Context SecurityContext security,
            @Parameter(description = "The key's id.", schema = @Schema(implementation = Id.class))
            @PathParam("api_key_id") String apiKeyId) {
        return asAdmin(security, (call, admin) -> {
            Optional<UUID> key = ApiCall.pathId(apiKeyId);
            if (key.isEmpty() || admin.projectOfKey(key.get()).isEmpty()) {
                return call.notFound("There is no API key with this id.");
            }
            admin.revokeKey(key.get());
            runtime.engine().forgetCachedKeys();
            return call.noContent();
        });
    }

    /** {@code GET /v1/admin/{organizations|projects}/{id}/capacities}: its capacities in their current periods. */
    @GET
    @Path("{level: organizations|projects}/{id}/capacities")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List capacities", description = "The organization's or project's capacities in their "
            + "current periods, as the billing endpoints show them.")
    @APIResponse(responseCode = "200", description = "The capacities.",
            content = @Content(schema = @Schema(implementation = BillingSchemas.CapacityList.class)))
    public Response listCapacities(
            @Context SecurityContext security,
            @Parameter(description = AdminSchemas.LEVEL, schema = @Schema(implementation = OwnerLevel.class))
            @PathParam("level") String level,
            @Parameter(description = AdminSchemas.OWNER_ID, schema = @Schema(implementation = Id.class))
            @PathParam("id") String id) {
        return asAdmin(security, (call, admin) -> capacityAdmin(call, admin).list(levelOf(level), id));
    }

    /**
     * {@code PUT /v1/admin/{organizations|projects}/{id}/capacities/{technology}/{vendor}/{operation}/{period}
     * {"capacity": 3600}}: sets or replaces that capacity, in seconds of processed audio.
     */
    @PUT
    @Path(CAPACITY)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a capacity", description = "Sets or replaces the capacity on these labels for this "
            + "period, in seconds of processed audio.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = AdminSchemas.CapacitySetting.class)))
    @APIResponse(responseCode = "204", description = "Set.")
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "415", description = OpenApiDocs.ADMIN_MEDIA_TYPE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response setCapacity(
            @Context SecurityContext security,
            @Parameter(description = AdminSchemas.LEVEL, schema = @Schema(implementation = OwnerLevel.class))
            @PathParam("level") String level,
            @Parameter(description = AdminSchemas.OWNER_ID, schema = @Schema(implementation = Id.class))
            @PathParam("id") String id,
            @Parameter(description = AdminSchemas.TECHNOLOGY, schema = @Schema(implementation = Technology.class))
            @PathParam("technology") String technology,
            @Parameter(description = AdminSchemas.VENDOR, schema = @Schema(implementation = FreeLabel.class))
            @PathParam("vendor") String vendor,
            @Parameter(description = AdminSchemas.OPERATION, schema = @Schema(implementation = FreeLabel.class))
            @PathParam("operation") String operation,
            @Parameter(description = AdminSchemas.PERIOD, schema = @Schema(implementation = Period.class))
            @PathParam("period") String period,
            InputStream body)
            throws IOException {
        String text = JsonBodies.text(body);
        return asAdmin(security, (call, admin) -> capacityAdmin(call, admin).set(levelOf(level), id,
                CapacityAdmin.Path.of(technology, vendor, operation, period), text));
    }

    /** {@code POST .../capacities/{technology}/{vendor}/{operation}/{period}/extensions {"extra": 600}}: for this period only. */
    @POST
    @Path(CAPACITY + "/extensions")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Extend a capacity", description = "Raises the capacity for its current period only; 404 "
            + "when there is no such capacity.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = AdminSchemas.CapacityExtension.class)))
    @APIResponse(responseCode = "204", description = "Extended.")
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    @APIResponse(responseCode = "415", description = OpenApiDocs.ADMIN_MEDIA_TYPE, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response extendCapacity(
            @Context SecurityContext security,
            @Parameter(description = AdminSchemas.LEVEL, schema = @Schema(implementation = OwnerLevel.class))
            @PathParam("level") String level,
            @Parameter(description = AdminSchemas.OWNER_ID, schema = @Schema(implementation = Id.class))
            @PathParam("id") String id,
            @Parameter(description = AdminSchemas.TECHNOLOGY, schema = @Schema(implementation = Technology.class))
            @PathParam("technology") String technology,
            @Parameter(description = AdminSchemas.VENDOR, schema = @Schema(implementation = FreeLabel.class))
            @PathParam("vendor") String vendor,
            @Parameter(description = AdminSchemas.OPERATION, schema = @Schema(implementation = FreeLabel.class))
            @PathParam("operation") String operation,
            @Parameter(description = AdminSchemas.PERIOD, schema = @Schema(implementation = Period.class))
            @PathParam("period") String period,
            InputStream body)
            throws IOException {
        String text = JsonBodies.text(body);
        return asAdmin(security, (call, admin) -> capacityAdmin(call, admin).extend(levelOf(level), id,
                CapacityAdmin.Path.of(technology, vendor, operation, period), text));
    }

    /** {@code DELETE .../capacities/{technology}/{vendor}/{operation}/{period}}: lifts that capacity. */
    @DELETE
    @Path(CAPACITY)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lift a capacity", description = "Removes the capacity on these labels for this period; "
            + "404 when there is none.")
    @APIResponse(responseCode = "204", description = "Lifted.")
    @APIResponse(responseCode = "400", description = OpenApiDocs.ADMIN_BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response removeCapacity(
            @Context SecurityContext security,
            @Parameter(description = AdminSchemas.LEVEL, schema = @Schema(implementation = OwnerLevel.class))
            @PathParam("level") String level,
            @Parameter(description = AdminSchemas.OWNER_ID, schema = @Schema(implementation = Id.class))
            @PathParam("id") String id,
            @Parameter(description = AdminSchemas.TECHNOLOGY, schema = @Schema(implementation = Technology.class))
            @PathParam("technology") String technology,
            @Parameter(description = AdminSchemas.VENDOR, schema = @Schema(implementation = FreeLabel.class))
            @PathParam("vendor") String vendor,
            @Parameter(description = AdminSchemas.OPERATION, schema = @Schema(implementation = FreeLabel.class))
            @PathParam("operation") String operation,
            @Parameter(description = AdminSchemas.PERIOD, schema = @Schema(implementation = Period.class))
            @PathParam("period") String period) {
        return asAdmin(security, (call, admin) -> capacityAdmin(call, admin).remove(levelOf(level), id,
                CapacityAdmin.Path.of(technology, vendor, operation, period)));
    }

    private CapacityAdmin capacityAdmin(ApiCall call, TenantAdmin admin) {
        return new CapacityAdmin(call, admin, runtime.engine().capacities(), runtime.engine().clock().instant());
    }

    private static Level levelOf(String pathLevel) {
        return pathLevel.equals("organizations") ? Level.ORGANIZATION : Level.PROJECT;
    }

    private Response setLimits(SecurityContext security, String id, String text,
                               OwnerCheck exists, String what) {
        return asAdmin(security, (call, admin) -> {
            Optional<UUID> owner = ApiCall.pathId(id);
            AdminBody request = AdminBody.parse(text);
            Limits limits = request.limits(null, config().limitNames());
            if (!request.errors().isEmpty()) {
                return call.invalid(request.errors());
            }
            if (owner.isEmpty() || !exists.test(admin, owner.get())) {
                return call.notFound("There is no " + what + " with this id.");
            }
            admin.setLimits(owner.get(), limits);
            runtime.engine().forgetCachedKeys();
            return call.noContent();
        });
    }

    /** Lets in only an authenticated user in {@value #ROLE}: no user is 401, another user 403. */
    private Response asAdmin(SecurityContext security, AdminCall work) {
        ApiCall call = ApiCall.withoutKey(runtime);
        if (security == null || security.getUserPrincipal() == null) {
            return call.unauthenticated("The admin endpoints need a user signed in to the server in the role "
                    + ROLE + "; API keys are not accepted here.");
        }
        if (!security.isUserInRole(ROLE)) {
            return call.permissionDenied("The admin endpoints need the role " + ROLE + ".");
        }
        if (!admins.isResolvable()) {
            return call.notFound("This server has no tenant store: add one such as metering-jpa.");
        }
        return work.answer(call, admins.get());
    }

    private static JsonArrayBuilder permissions(Set<KeyPermission> permissions) {
        JsonArrayBuilder names = JsonFactories.BUILDERS.createArrayBuilder();
        permissions.stream().sorted().forEach(permission -> names.add(permission.wireName()));
        return names;
    }

    private MeteringConfig config() {
        return runtime.engine().config();
    }

    @FunctionalInterface
    private interface AdminCall {
        Response answer(ApiCall call, TenantAdmin admin);
    }

    @FunctionalInterface
    private interface OwnerCheck {
        boolean test(TenantAdmin admin, UUID id);
    }
}
