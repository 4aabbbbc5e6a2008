package dev.speechmeter.internal.engine;

/**
 * A key was not checked because its client address failed to authenticate too often: answered
 * {@code 429} with {@code Retry-After}, never with a directory look-up.
 */
public final class AuthenticationThrottled extends AuthenticationFailure {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    AuthenticationThrottled(long retryAfterSeconds) {
        super("Too many failed authentications from your address. Retry in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the address may try a key again, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
