package dev.speechmeter.rest;

import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
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
 * The billing endpoints (Phonexia style): where the capacities of the caller's project and
 * organization stand in their current periods, and all-time consumption per label set. A key
 * with the {@code usage:read} permission may ask. Every answer carries {@code X-Correlation-Id}:
 * the client's {@code X-Correlation-Id}, else its {@code X-Request-Id}, else the server's request id.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" http://localhost:8080/api/billing/capacities
 * curl -H "Authorization: Bearer $KEY" http://localhost:8080/api/billing/consumptions
 * </pre>
 */
@Path("/api/billing")
@RequestScoped
@Tag(name = OpenApiDocs.BILLING, description = OpenApiDocs.BILLING_TAG)
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
public class BillingResource extends ApiResource {

    @GET
    @Path("capacities")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List capacities", description = "Where every capacity of the key's organization and "
            + "project stands in its current period.")
    @APIResponse(responseCode = "200", description = "The capacities.",
            content = @Content(schema = @Schema(implementation = BillingSchemas.CapacityList.class)))
    public Response capacities(@HeaderParam("Authorization") String authorization) {
        return answer(authorization, caller -> BillingJson.capacities(capacities().standings(
                caller.organizationId(), caller.projectId(), runtime.engine().clock().instant())));
    }

    @GET
    @Path("consumptions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List consumption", description = "All-time consumption of the key's organization and "
            + "project: per level, one item for each label set requests were billed on and one for the labels of "
            + "each capacity.")
    @APIResponse(responseCode = "200", description = "The consumption.",
            content = @Content(schema = @Schema(implementation = BillingSchemas.ConsumptionList.class)))
    public Response consumptions(@HeaderParam("Authorization") String authorization) {
        return answer(authorization, caller -> BillingJson.consumptions(
                capacities().consumptions(caller.organizationId(), caller.projectId())));
    }

    private Response answer(String authorization, Function<Caller, JsonObject> body) {
        ApiCall call = call(authorization);
        return call.refusal() != null ? call.refusal() : call.ok(body.apply(call.caller()));
    }

    private CapacityLedger capacities() {
        return runtime.engine().capacities();
    }
}
