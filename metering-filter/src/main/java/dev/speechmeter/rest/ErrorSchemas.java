package dev.speechmeter.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The error bodies of Speechmeter's endpoints, as the OpenAPI document describes them; the
 * renderers in {@code dev.speechmeter.internal.http} write them. Which shape a server answers with
 * is {@code speechmeter.errors.style}; the Deepgram-style project endpoints always answer
 * Deepgram's.
 */
final class ErrorSchemas {

    private ErrorSchemas() {
    }

    @Schema(name = "ValidationError", description = "One bad field of a request.")
    record ValidationError(
            @Schema(name = "error_type", required = true, description = "What is wrong with it.",
                    examples = "less_than_equal") String errorType,
            @Schema(required = true, description = "Where: query.<name>, body.<name>, path.<name> or header.<name>.",
                    examples = "query.limit") String location,
            @Schema(required = true, examples = "limit must be at most 1000.") String message) {
    }

    @Schema(name = "SonioxError", description = "The default error shape (speechmeter.errors.style=soniox), "
            + "sent as application/json.")
    record SonioxError(
            @Schema(name = "status_code", required = true, description = "The HTTP status.", examples = "400")
            int statusCode,
            @Schema(name = "error_type", required = true, description = "invalid_request, unauthenticated, "
                    + "permission_denied, not_found, limit_exceeded, service_unavailable or internal_error.",
                    examples = "invalid_request") String errorType,
            @Schema(required = true, examples = "The request is not valid: limit must be at most 1000.") String message,
            @Schema(name = "validation_errors", required = true, description = "One per bad field; empty for other "
                    + "errors.") List<ValidationError> validationErrors,
            @Schema(name = "request_id", required = true, nullable = true, format = "uuid",
                    description = "The request's id, as in X-Request-Id.") String requestId,
            @Schema(name = "more_info", description = "A link to the error's documentation; only when "
                    + "speechmeter.errors.docs-base is set.") String moreInfo) {
    }

    @Schema(name = "SoundpieceError", description = "The error shape of speechmeter.errors.style=soundpiece, "
            + "sent as application/json.")
    record SoundpieceError(
            @Schema(required = true, examples = "Rate limit exceeded; retry in 17 seconds") String detail) {
    }

    @Schema(name = "ErrorBody", oneOf = {SonioxError.class, SoundpieceError.class},
            description = "An error in the configured style: SonioxError by default, SoundpieceError with "
                    + "speechmeter.errors.style=soundpiece. With speechmeter.errors.style=problem the body is "
                    + "ProblemDetails, sent as application/problem+json. An application's own ErrorRenderer "
                    + "replaces all three.")
    static final class ErrorBody {

        private ErrorBody() {
        }
    }

    @Schema(name = "ProblemDetails", description = "RFC 9457 problem details, the error shape of "
            + "speechmeter.errors.style=problem, sent as application/problem+json.")
    record ProblemDetails(
            @Schema(required = true, description = "quota-exceeded for a refusal by a limit; otherwise a link "
                    + "under speechmeter.errors.docs-base, or about:blank.", examples = "about:blank") String type,
            @Schema(required = true, examples = "Bad Request") String title,
            @Schema(required = true, description = "The HTTP status.", examples = "400") int status,
            @Schema(required = true, examples = "The request is not valid: limit must be at most 1000.") String detail,
            @Schema(name = "violated-policies", description = "On a 429 only: the policies that refused, as the "
                    + "RateLimit-Policy header names them.") List<String> violatedPolicies,
            @Schema(name = "error_type", required = true, examples = "invalid_request") String errorType,
            @Schema(name = "request_id", format = "uuid", description = "The request's id, as in X-Request-Id.")
            String requestId,
            @Schema(name = "validation_errors", required = true) List<ValidationError> validationErrors) {
    }

    @Schema(name = "DeepgramError", description = "The error shape of the Deepgram-style project endpoints, "
            + "whatever speechmeter.errors.style says.")
    record DeepgramError(
            @Schema(name = "err_code", required = true, description = "INVALID_QUERY_PARAMETER, INVALID_AUTH, "
                    + "FORBIDDEN, NOT_FOUND, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE or INTERNAL_SERVER_ERROR.",
                    examples = "INVALID_QUERY_PARAMETER") String errCode,
            @Schema(name = "err_msg", required = true, description = "On a 400, every bad parameter's message.",
                    examples = "limit must be at most 1000.") String errMsg,
            @Schema(name = "request_id", required = true, nullable = true, format = "uuid") String requestId) {
    }
}
