package dev.speechmeter.rest;

import dev.speechmeter.UsageContext;
import dev.speechmeter.spi.TemporaryGrant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the keys group as the OpenAPI document describes them: what
 * {@link TemporaryKeyRequest} and {@link GrantResource} read, and what {@link TemporaryKeysResource}
 * and {@link GrantResource} write. They describe; they never read or write JSON.
 */
final class KeySchemas {

    private KeySchemas() {
    }

    @Schema(name = "TemporaryKeyRequest", description = "What the temporary key may do and for how long.")
    record NewTemporaryKey(
            @Schema(name = "usage_type", required = true, description = "The one request scope the key works for: "
                    + "one of speechmeter.temporary-keys.usage-types (by default transcribe_websocket, tts_rt); or "
                    + TemporaryGrant.USAGE_READ + ", always accepted: a key that reads usage and limits, never speech.",
                    examples = "transcribe_websocket") String usageType,
            @Schema(name = "expires_in_seconds", required = true, minimum = "1",
                    maximum = "" + TemporaryKeyRequest.MAX_EXPIRES_IN_SECONDS, description = "expires_at is that "
                    + "long from now, rounded up to a whole second.", examples = "60") long expiresInSeconds,
            @Schema(name = "client_reference_id", nullable = true,
                    maxLength = UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH, description = "Stamped on every usage "
                    + "entry made with the key.", examples = "user-42") String clientReferenceId,
            @Schema(name = "single_use", nullable = true, defaultValue = "false", description = "true: the key "
                    + "serves one admitted request; a refusal by a limit does not spend it.") Boolean singleUse,
            @Schema(name = "max_session_duration_seconds", nullable = true, minimum = "1",
                    maximum = "" + TemporaryKeyRequest.MAX_SESSION_SECONDS, description = "How long a response "
                    + "streamed or a WebSocket stream opened with the key may last.") Long maxSessionDurationSeconds) {
    }

    @Schema(name = "TemporaryKey", description = "The minted key; it is shown this once.")
    record TemporaryKey(
            @Schema(name = "api_key", required = true, description = "The key, at most 2,048 characters.",
                    examples = "temp:AQGT...") String apiKey,
            @Schema(name = "expires_at", required = true, format = "date-time") String expiresAt) {
    }

    @Schema(name = "GrantRequest", description = "The token's lifetime; an empty body takes the default.")
    record NewGrant(
            @Schema(name = "ttl_seconds", nullable = true, minimum = "1", maximum = "" + GrantResource.MAX_TTL_SECONDS,
                    defaultValue = "" + GrantResource.DEFAULT_TTL_SECONDS) Long ttlSeconds) {
    }

    @Schema(name = "Grant", description = "A short-lived token for every speech endpoint of the key's project, sent "
            + "as 'Authorization: Bearer <access_token>'.")
    record Grant(
            @Schema(name = "access_token", required = true, examples = "temp:AQGT...") String accessToken,
            @Schema(name = "expires_in", required = true, description = "Seconds until it expires.", examples = "30")
            long expiresIn) {
    }
}
