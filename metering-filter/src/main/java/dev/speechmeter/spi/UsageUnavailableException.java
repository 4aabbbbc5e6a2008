package dev.speechmeter.spi;

/**
 * The usage ledger cannot make new entries durable right now ({@link UsageLedger#accepting()} is
 * false), so a request is refused before any work starts rather than served unbilled. Rendered as
 * {@code 503} with {@code Retry-After}.
 */
public class UsageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageUnavailableException(String message) {
        super(message);
    }
}
