package dev.speechmeter.spi;

/**
 * Where finished requests go. The engine hands over exactly one {@link UsageRecord} per admitted
 * request when it settles; {@link UsageRecord#billable()} tells a 2xx (billed, in the usage log)
 * from a failure (kept only for the request list).
 */
public interface UsageLedger {

    /**
     * Stores the record; returns when it is durable. Writing the same request id twice stores it once.
     *
     * @throws RuntimeException when the record is not durable; the request it settles then fails
     */
    void record(UsageRecord record);

    /**
     * Whether new requests may be admitted: false while the ledger cannot make their entries
     * durable and its deployer chose to refuse work rather than let it wait. The engine answers
     * an admission then with {@code 503} before any work starts.
     */
    default boolean accepting() {
        return true;
    }
}
