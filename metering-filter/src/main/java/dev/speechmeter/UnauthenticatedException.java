package dev.speechmeter;

import dev.speechmeter.spi.ApiError;

/** The request carries no live key; answered with {@code 401 unauthenticated}. */
public class UnauthenticatedException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(ApiError error) {
        super(error, 0);
    }
}
