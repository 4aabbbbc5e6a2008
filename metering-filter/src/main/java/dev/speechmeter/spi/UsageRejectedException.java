package dev.speechmeter.spi;

/**
 * The store refused usage records for what they hold (a value it cannot keep), not for its own
 * state: writing them again will fail again. A {@link UsageBatchWriter} throws it so that the
 * ledger looks for the one bad record in the batch instead of retrying or setting the batch
 * aside until the store is back. Any other exception from a writer means the store could not
 * take the batch now.
 */
public class UsageRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
