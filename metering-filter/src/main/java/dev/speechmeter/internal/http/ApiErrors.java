package dev.speechmeter.internal.http;

import dev.speechmeter.internal.engine.AuthenticationFailure;
import dev.speechmeter.internal.engine.AuthenticationThrottled;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.TemporaryGrant;
import java.util.List;
import java.util.UUID;

/** Every error Speechmeter answers with, made in one place so their wording stays consistent. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static ApiError unauthenticated(String message, UUID requestId) {
        return new ApiError(401, "unauthenticated", message, List.of(), id(requestId));
    }

    /**
     * A key that could not be checked: {@code 401}, or {@code 429} with {@code Retry-After} when
     * its address failed too often to be given a look-up.
     */
    public static ApiError authenticationFailed(AuthenticationFailure failure, UUID requestId) {
        if (failure instanceof AuthenticationThrottled throttled) {
            return new ApiError(429, "limit_exceeded", failure.getMessage(), List.of(), id(requestId),
                    throttled.retryAfterSeconds(), List.of());
        }
        return unauthenticated(failure.getMessage(), requestId);
    }

    public static ApiError permissionDenied(String message, UUID requestId) {
        return new ApiError(403, "permission_denied", message, List.of(), id(requestId));
    }

    /** Why a key without a permission is refused. */
    public static String missing(KeyPermission permission) {
        return switch (permission) {
            case SPEECH -> "This API key may not use the speech endpoints.";
            case USAGE_READ -> "This API key may not read usage and limits.";
        };
    }

    /** Why a temporary key is refused outside its usage type. */
    public static String temporaryKeyScope(TemporaryGrant grant) {
        return grant.usageType().equals(TemporaryGrant.ANY_USAGE)
                ? "This temporary API key may be used only on the speech endpoints."
                : "This temporary API key may be used only for " + grant.usageType() + ".";
    }

    public static ApiError notFound(String message, UUID requestId) {
        return new ApiError(404, "not_found", message, List.of(), id(requestId));
    }

    /** A stream closed by the server because a timeout passed (no configuration, idle, session over). */
    public static ApiError requestTimeout(String message, UUID requestId) {
        return new ApiError(408, "request_timeout", message, List.of(), id(requestId));
    }

    public static ApiError limitExceeded(Rejection rejection, UUID requestId) {
        return new ApiError(429, "limit_exceeded", rejection.message(), List.of(), id(requestId),
                rejection.retryAfterSeconds(), List.of(rejection.policy()));
    }

    public static ApiError invalidRequest(String location, String errorType, String message, UUID requestId) {
        return new ApiError(400, "invalid_request", message,
                List.of(new ApiError.ValidationError(errorType, location, message)), id(requestId));
    }

    public static ApiError payloadTooLarge(long maxBytes, UUID requestId) {
        String message = "The request body is larger than the " + maxBytes + " bytes this API accepts.";
        return new ApiError(413, "invalid_request", message,
                List.of(new ApiError.ValidationError("less_than_equal", "header.content-length", message)),
                id(requestId));
    }

    /**
     * The shared limit store cannot be reached and the deployer chose to refuse rather than count
     * on this server alone: {@code 503}, to be retried a second later.
     */
    public static ApiError limitsUnavailable(UUID requestId) {
        return new ApiError(503, "service_unavailable",
                "Limits cannot be checked right now. Retry in a moment.", List.of(), id(requestId), 1, List.of());
    }

    /**
     * The store that keeps the fleet's concurrency history cannot be reached: {@code 503}, to be
     * retried a second later, rather than a history that would miss the other servers.
     */
    public static ApiError historyUnavailable(UUID requestId) {
        return new ApiError(503, "service_unavailable",
                "The concurrency history cannot be read right now. Retry in a moment.", List.of(), id(requestId), 1,
                List.of());
    }

    /** The usage ledger cannot make entries durable now: nothing is served that could not be billed. */
    public static ApiError usageUnavailable(UUID requestId) {
        return new ApiError(503, "service_unavailable",
                "Usage cannot be recorded right now. Retry in a moment.", List.of(), id(requestId), 1, List.of());
    }

    /**
     * An error a container or framework decided on before any endpoint spoke (no such path, a
     * method or media type not served), told in Speechmeter's own words.
     */
    public static ApiError ofStatus(int status, UUID requestId) {
        return switch (status) {
            case 401 -> unauthenticated("Missing or invalid credentials.", requestId);
            case 403 -> permissionDenied("This request is not allowed.", requestId);
            case 404 -> notFound("There is nothing at this path.", requestId);
            case 405 -> new ApiError(405, "invalid_request", "This method is not allowed on this path.", List.of(),
                    id(requestId));
            case 406 -> new ApiError(406, "invalid_request", "No answer in a media type the request accepts.",
                    List.of(), id(requestId));
            case 413 -> new ApiError(413, "invalid_request", "The request body is too large.", List.of(), id(requestId));
            case 429 -> new ApiError(429, "limit_exceeded", "Too many requests.", List.of(), id(requestId));
            case 503 -> new ApiError(503, "service_unavailable", "The service cannot answer right now. Retry in a moment.",
                    List.of(), id(requestId), 1, List.of());
            case 415 -> new ApiError(415, "invalid_request", "The body's media type is not accepted here.", List.of(),
                    id(requestId));
            default -> status >= 500
                    ? new ApiError(status, "internal_error", internalError(requestId).message(), List.of(), id(requestId))
                    : new ApiError(status, "invalid_request", "The request is not valid.", List.of(), id(requestId));
        };
    }

    /**
     * The key directory cannot be reached: the key cannot be checked, so the request is refused
     * with {@code 503}, to be retried a second later.
     */
    public static ApiError keysUnavailable(UUID requestId) {
        return new ApiError(503, "service_unavailable",
                "API keys cannot be checked right now. Retry in a moment.", List.of(), id(requestId), 1, List.of());
    }

    /**
     * Like {@link #ofStatus(int, UUID)} for a {@code 400}, {@code 406} or {@code 415} whose cause
     * is a malformed header: the error names it.
     */
    public static ApiError ofStatus(int status, UUID requestId, ApiError.ValidationError badHeader) {
        ApiError error = ofStatus(status, requestId);
        if (badHeader == null || !List.of(400, 406, 415).contains(status)) {
            return error;
        }
        return new ApiError(status, "invalid_request", badHeader.message(), List.of(badHeader), id(requestId));
    }

    /** An {@code Idempotency-Key} header that is not 1 to 255 printable ASCII characters. */
    public static ApiError invalidIdempotencyKey(String problem, UUID requestId) {
        return invalidRequest("header.idempotency-key", "invalid_idempotency_key", problem, requestId);
    }

    /** The key was used for a different request (another method, path, query or body). */
    public static ApiError idempotencyKeyReused(String key, UUID requestId) {
        return new ApiError(422, "idempotency_key_reused", "Idempotency-Key " + quoted(key)
                + " was already used for a different request; use a new key for a new request.", List.of(),
                id(requestId));
    }

    /** The key is held by a request still running. */
    public static ApiError idempotencyKeyInUse(String key, UUID requestId) {
        return new ApiError(409, "idempotency_key_in_use", "A request with Idempotency-Key " + quoted(key)
                + " is still being processed; retry once it has completed.", List.of(), id(requestId), 1, List.of());
    }

    /** The key's request was served, with a response too large to be kept for repeats. */
    public static ApiError idempotentResponseNotKept(String key, String originalRequestId, UUID requestId) {
        return new ApiError(409, "idempotency_response_not_kept", "The request with Idempotency-Key " + quoted(key)
                + " was served (request " + originalRequestId + "), but its response was too large to be repeated.",
                List.of(), id(requestId));
    }

    /** The idempotency store cannot be reached: the request is not served rather than served twice. */
    public static ApiError idempotencyUnavailable(UUID requestId) {
        return new ApiError(503, "service_unavailable",
                "Idempotency keys cannot be checked right now. Retry in a moment.", List.of(), id(requestId), 1,
                List.of());
    }

    /** The body of an idempotent request could not be read before it was admitted. */
    public static ApiError bodyUnreadable(UUID requestId) {
        return new ApiError(400, "invalid_request", "The request body could not be read.", List.of(), id(requestId));
    }

    /** A key in a message: printable ASCII by then, quoted, with its quotes and backslashes escaped. */
    private static String quoted(String key) {
        return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    public static ApiError internalError(UUID requestId) {
        return new ApiError(500, "internal_error",
                "The server could not complete the request. Quote the request id when reporting it.",
                List.of(), id(requestId));
    }

    private static String id(UUID requestId) {
        return requestId == null ? null : requestId.toString();
    }
}
