package dev.speechmeter.rest;

import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.rest.ErrorSchemas.ErrorBody;
import dev.speechmeter.rest.ErrorSchemas.ProblemDetails;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.TemporaryGrant;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
 * {@code POST /v1/auth/grant}: a short-lived token for every
 * speech endpoint of the key's project, used as {@code Authorization: Bearer <access_token>}.
 * It is a temporary key of usage type {@value TemporaryGrant#ANY_USAGE}.
 *
 * <pre>
 * curl -X POST -H "Authorization: Token $KEY" -d '{"ttl_seconds": 60}' http://localhost:8080/v1/auth/grant
 * {"access_token": "temp:...", "expires_in": 60}
 * </pre>
 */
@Path("/v1/auth/grant")
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
@APIResponse(responseCode = "403", description = OpenApiDocs.SPEECH_FORBIDDEN, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "429", description = OpenApiDocs.THROTTLED, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
@APIResponse(responseCode = "503", description = OpenApiDocs.KEYS_UNAVAILABLE, content = {
        @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
        @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
public class GrantResource extends ApiResource {

    static final long DEFAULT_TTL_SECONDS = 30;
    static final long MAX_TTL_SECONDS = 3_600;



    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant a short-lived token", description = "Deepgram's short-lived token: a temporary key "
            + "for every speech endpoint of the key's project, never for Speechmeter's own endpoints.")
    @RequestBody(content = @Content(mediaType = OpenApiDocs.JSON,
            schema = @Schema(implementation = KeySchemas.NewGrant.class)))
    @APIResponse(responseCode = "200", description = "The token.",
            content = @Content(schema = @Schema(implementation = KeySchemas.Grant.class)))
    @APIResponse(responseCode = "400", description = OpenApiDocs.BAD_BODY, content = {
            @Content(mediaType = OpenApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)),
            @Content(mediaType = OpenApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemDetails.class))})
    public Response grant(@HeaderParam("Authorization") String authorization, InputStream body) throws IOException {
        ApiCall call = mintingCall(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        List<ValidationError> errors = new ArrayList<>();
        long ttl = ttlSeconds(JsonBodies.text(body), errors);
        if (!errors.isEmpty()) {
            return call.invalid(errors);
        }
        MeteringEngine engine = runtime.engine();
        TemporaryGrant grant = new TemporaryGrant(engine.newRequestId(), call.caller().apiKeyId(),
                TemporaryGrant.ANY_USAGE, TemporaryKeyRequest.wholeSecondAfter(engine.clock().instant()).plusSeconds(ttl),
                false, null, null);
        return call.ok(JsonFactories.BUILDERS.createObjectBuilder()
                .add("access_token", engine.temporaryKeys().mint(grant))
                .add("expires_in", ttl)
                .build());
    }

    /** {@code ttl_seconds} from the body, 1 to {@value #MAX_TTL_SECONDS}; an empty body takes the default. */
    static long ttlSeconds(String body, List<ValidationError> errors) {
        if (body == null || body.isBlank()) {
            return DEFAULT_TTL_SECONDS;
        }
        JsonObject json = JsonBodies.object(body, errors);
        if (json == null) {
            return 0;
        }
        JsonValue value = json.get("ttl_seconds");
        if (value == null || value == JsonValue.NULL) {
            return DEFAULT_TTL_SECONDS;
        }
        Long ttl = JsonBodies.whole(value, "body.ttl_seconds", 1, MAX_TTL_SECONDS, errors);
        return ttl == null ? 0 : ttl;
    }
}
