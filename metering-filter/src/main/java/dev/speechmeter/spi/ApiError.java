package dev.speechmeter.spi;

import java.util.List;
import java.util.Objects;

/**
 * An error the project itself answers with, before it is rendered.
 *
 * @param statusCode        the HTTP status
 * @param errorType         {@code invalid_request}, {@code unauthenticated}, {@code limit_exceeded}, ...
 * @param message           a human sentence with no internals in it
 * @param validationErrors  one per bad field, possibly none
 * @param requestId         the request's id, as in the X-Request-Id header
 * @param retryAfterSeconds for a {@code 429}, the {@code Retry-After} in whole seconds; else 0
 * @param violatedPolicies  for a {@code 429}, the names of the refusing policies as the
 *                          {@code RateLimit-Policy} header names them; else empty
 */
public record ApiError(int statusCode, String errorType, String message, List<ValidationError> validationErrors,
                       String requestId, long retryAfterSeconds, List<String> violatedPolicies) {

    public ApiError {
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(message, "message");
        validationErrors = List.copyOf(validationErrors);
        violatedPolicies = List.copyOf(violatedPolicies);
    }

    /** An error that is not about a limit. */
    public ApiError(int statusCode, String errorType, String message, List<ValidationError> validationErrors,
                    String requestId) {
        this(statusCode, errorType, message, validationErrors, requestId, 0, List.of());
    }

    /**
     * One bad field.
     *
     * @param errorType e.g. {@code less_than_equal}, {@code missing}
     * @param location  {@code query.<name>}, {@code body.<name>} or {@code header.<name>}
     * @param message   what is wrong with it
     */
    public record ValidationError(String errorType, String location, String message) {
    }
}
