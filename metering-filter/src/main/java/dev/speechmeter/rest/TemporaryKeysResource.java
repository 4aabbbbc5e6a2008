package dev.speechmeter.rest;

import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import dev.speechmeter.spi.TemporaryGrant;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/auth/temporary-api-key}: a permanent key mints a short-lived
 * key for a browser or a phone, good for one usage type only: a speech endpoint's request scope
 * (the minting key needs {@code speech}), or {@code usage:read}, reading usage and limits (the
 * minting key needs {@code usage:read}).
 *
 * <pre>
 * curl -X POST -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
 *   -d '{"usage_type": "transcribe_websocket", "expires_in_seconds": 60, "client_reference_id": "user-42"}' \
 *   http://localhost:8080/v1/auth/temporary-api-key
 * {"api_key": "temp:...", "expires_at": "2026-11-22T10:01:00Z"}
 * </pre>
 */
@Path("/v1/auth/temporary-api-key")
@RequestScoped
@Tag(name = OpenApiDocs.KEYS, description = OpenApiDocs.KEYS_TAG)
@SecurityScheme(securitySchemeName = OpenApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = OpenApiDocs.BEARER_DESCRIPTION)
@SecurityScheme(securitySchemeName = OpenApiDocs.TOKEN, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "Authorization", description = OpenApiDocs.TOKEN_DESCRIPTION)
@SecurityRequirement(name = OpenApiDocs.BEARER)
@SecurityRequirement(name = OpenApiDocs.TOKEN)
@APIResponse(responseCode = "401", description = OpenApiDocs.UNAUTHENTICATED, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "403", description = OpenApiDocs.MINT_FORBIDDEN, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "429", description = OpenApiDocs.THROTTLED, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "503", description = OpenApiDocs.KEYS_UNAVAILABLE, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
public class TemporaryKeysResource extends ApiResource {

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mint a temporary key", description = "A permanent key mints a short-lived key for a browser "
            + "or a phone, good for one usage type only: a speech endpoint's request scope, or usage:read for "
            + "Speechmeter's endpoints that read usage and limits. It acts for the parent key's project, under its "
            + "limits.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = KeySchemas.NewTemporaryKey.class)))
    @APIResponse(responseCode = "201", description = "The key.",
            content = @Content(schema = @Schema(implementation = KeySchemas.TemporaryKey.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response mint(@HeaderParam("Authorization") String authorization, InputStream body) throws IOException {
        MeteringEngine engine = runtime.engine();
        TemporaryKeyRequest request = TemporaryKeyRequest.parse(JsonBodies.text(body), engine.config().temporaryKeyUsageTypes());
        ApiCall call = mintingCall(authorization, request.permission());
        if (call.refusal() != null) {
            return call.refusal();
        }
        if (!request.errors().isEmpty()) {
            return call.invalid(request.errors());
        }
        TemporaryGrant grant = request.grant(engine.newRequestId(), call.caller().apiKeyId(), engine.clock().instant());
        return call.created(JsonFactories.BUILDERS.createObjectBuilder()
                .add("api_key", engine.temporaryKeys().mint(grant))
                .add("expires_at", grant.expiresAt().toString())
                .build());
    }
}
