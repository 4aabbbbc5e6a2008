package dev.speechmeter.spi;

/**
 * A shared {@link LimitStore} could not be reached in time and its deployer chose to refuse
 * requests rather than fall back to this server's own limits. Rendered as {@code 503}.
 *
 * <pre>{@code
 * try {
 *     store.takeRequest(organization, project);
 * } catch (LimitStoreUnavailableException e) {
 *     respond(503);
 * }
 * }</pre>
 */
public class LimitStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LimitStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
