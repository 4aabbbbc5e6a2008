package dev.speechmeter.spi;

/**
 * Where finished requests go. The engine hands over exactly one {@link UsageRecord} per admitted
 * request when it settles; {@link UsageRecord#billable()} tells a 2xx (billed, in the usage log)
 * from a failure (kept only for the request list).
 */
public interface UsageLedger {

    /** Stores the record; returns when it is durable. Writing the same request id twice stores it once. */
    void record(UsageRecord record);
}
