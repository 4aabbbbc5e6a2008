package dev.speechmeter.spi;

import java.util.List;
import java.util.Objects;

/**
 * An error the project itself answers with, before it is rendered (SPEC section 2).
 *
 * @param statusCode       the HTTP status
 * @param errorType        {@code invalid_request}, {@code unauthenticated}, {@code limit_exceeded}, ...
 * @param message          a human sentence with no internals in it
 * @param validationErrors one per bad field, possibly none
 * @param requestId        the request's id, as in the X-Request-Id header
 */
public record ApiError(int statusCode, String errorType, String message,
                       List<ValidationError> validationErrors, String requestId) {

    public ApiError {
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(message, "message");
        validationErrors = List.copyOf(validationErrors);
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
