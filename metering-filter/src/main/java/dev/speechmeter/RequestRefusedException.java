package dev.speechmeter;

import dev.speechmeter.spi.ApiError;

/**
 * A metered request refused before its endpoint ran: no key, a limit, bad input at the door.
 * Carries the error to answer and, for a limit, the {@code Retry-After}. The bundled JAX-RS
 * exception mapper renders it; other callers can read {@link #error()}.
 */
public class RequestRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;
    private final long retryAfterSeconds;

    public RequestRefusedException(ApiError error, long retryAfterSeconds) {
        super(error.message(), null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The error, in the terms of the API's error bodies. */
    public ApiError error() {
        return error;
    }

    /** Whole seconds for {@code Retry-After}, or 0 when the refusal has none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String requestId() {
        return error.requestId();
    }
}
