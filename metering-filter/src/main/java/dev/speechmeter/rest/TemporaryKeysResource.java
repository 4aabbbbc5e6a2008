package dev.speechmeter.rest;

import dev.speechmeter.internal.engine.MeteringEngine;
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
public class TemporaryKeysResource extends ApiResource {

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
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
