package dev.speechmeter.internal.engine;

/**
 * The request carries no usable key: missing, malformed, unknown, revoked or expired. The adapter
 * answers {@code 401 unauthenticated} with {@link #getMessage()}, which never contains the key.
 */
public sealed class AuthenticationFailure extends Exception permits AuthenticationThrottled {

    private static final long serialVersionUID = 1L;

    AuthenticationFailure(String message) {
        super(message, null, false, false);
    }
}
