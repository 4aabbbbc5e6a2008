package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.TemporaryGrant;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The body of {@code POST /v1/auth/temporary-api-key}, read and checked: one
 * validation error per bad field, named {@code body.<name>}.
 *
 * <pre>{@code
 * {"usage_type": "transcribe_websocket", "expires_in_seconds": 60, "client_reference_id": "user-42",
 *  "single_use": true, "max_session_duration_seconds": 600}
 * }</pre>
 */
final class TemporaryKeyRequest {

    static final long MAX_EXPIRES_IN_SECONDS = 3_600;
    static final long MAX_SESSION_SECONDS = 18_000;

    private final List<ValidationError> errors = new ArrayList<>();
    private String usageType;
    private long expiresInSeconds;
    private String clientReferenceId;
    private boolean singleUse;
    private Duration maxSession;

    private final Set<String> usageTypes;

    private TemporaryKeyRequest(Set<String> usageTypes) {
        this.usageTypes = usageTypes;
    }

    /**
     * @param usageTypes the request scopes a temporary key may be minted for
     *                   ({@code speechmeter.temporary-keys.usage-types}); a key that reads usage
     *                   ({@value TemporaryGrant#USAGE_READ}) may always be minted
     */
    static TemporaryKeyRequest parse(String body, Set<String> usageTypes) {
        Set<String> mintable = new TreeSet<>(usageTypes);
        mintable.add(TemporaryGrant.USAGE_READ);
        TemporaryKeyRequest request = new TemporaryKeyRequest(mintable);
        JsonObject json = JsonBodies.object(body, request.errors);
        if (json != null) {
            request.readUsageType(json.get("usage_type"));
            Long expiresIn = request.whole(json, "expires_in_seconds", true, MAX_EXPIRES_IN_SECONDS);
            request.expiresInSeconds = expiresIn == null ? 0 : expiresIn;
            request.clientReferenceId = JsonBodies.clientReferenceId(json.get("client_reference_id"), request.errors);
            request.readSingleUse(json.get("single_use"));
            Long session = request.whole(json, "max_session_duration_seconds", false, MAX_SESSION_SECONDS);
            request.maxSession = session == null ? null : Duration.ofSeconds(session);
        }
        return request;
    }

    List<ValidationError> errors() {
        return errors;
    }

    /**
     * What the minting key must be allowed to do itself: read usage for a key that reads usage,
     * use speech for any other.
     */
    KeyPermission permission() {
        return TemporaryGrant.USAGE_READ.equals(usageType) ? KeyPermission.USAGE_READ : KeyPermission.SPEECH;
    }

    /**
     * The grant for a key minted now by {@code parentKeyId}; it expires {@code expires_in_seconds}
     * from now, rounded up to a whole second.
     */
    TemporaryGrant grant(UUID keyId, UUID parentKeyId, Instant now) {
        return new TemporaryGrant(keyId, parentKeyId, usageType, wholeSecondAfter(now).plusSeconds(expiresInSeconds),
                singleUse, maxSession, clientReferenceId);
    }

    /** {@code now} rounded up to a whole second, so that a key lives at least as long as asked. */
    static Instant wholeSecondAfter(Instant now) {
        Instant wholeSecond = now.truncatedTo(ChronoUnit.SECONDS);
        return wholeSecond.equals(now) ? now : wholeSecond.plusSeconds(1);
    }

    private void readUsageType(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            error("missing", "body.usage_type", "usage_type is required.");
        } else if (!(value instanceof JsonString text) || !usageTypes.contains(text.getString())) {
            error("enum", "body.usage_type", "usage_type must be one of "
                    + String.join(", ", usageTypes) + ".");
        } else {
            usageType = text.getString();
        }
    }

    /** A whole number from 1 to {@code max}; null when absent (an error too when required) or bad. */
    private Long whole(JsonObject json, String name, boolean required, long max) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                error("missing", "body." + name, name + " is required.");
            }
            return null;
        }
        return JsonBodies.whole(value, "body." + name, 1, max, errors);
    }

    private void readSingleUse(JsonValue value) {
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            singleUse = false;
        } else if (value == JsonValue.TRUE) {
            singleUse = true;
        } else {
            error("bool_parsing", "body.single_use", "single_use must be true or false.");
        }
    }

    private void error(String type, String location, String message) {
        errors.add(new ValidationError(type, location, message));
    }
}
