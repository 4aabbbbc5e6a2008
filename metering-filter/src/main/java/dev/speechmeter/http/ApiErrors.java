package dev.speechmeter.http;

import dev.speechmeter.engine.Rejection;
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

    public static ApiError internalError(UUID requestId) {
        return new ApiError(500, "internal_error",
                "The server could not complete the request. Quote the request id when reporting it.",
                List.of(), id(requestId));
    }

    private static String id(UUID requestId) {
        return requestId == null ? null : requestId.toString();
    }
}
