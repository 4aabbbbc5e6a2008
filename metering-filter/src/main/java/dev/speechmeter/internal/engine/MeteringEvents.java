package dev.speechmeter.internal.engine;

/**
 * What the engine and the usage ledger tell monitoring as they work: admissions and refusals,
 * key look-ups, temporary keys minted, batches of usage written. Every method does nothing by
 * default, and {@link #NONE}, the engine's default, overrides none: without monitoring the engine
 * pays one call to an empty method per event. The Micrometer meters
 * ({@code dev.speechmeter.micrometer.MicrometerEvents}) are the one implementation; the engine
 * knows no metrics library.
 *
 * <pre>{@code
 * MeteringRuntime runtime = MeteringRuntime.builder(config).keys(keys).ledger(ledger)
 *         .meterRegistry(registry)   // or .events(MeteringEvents.NONE), the default
 *         .build();
 * }</pre>
 *
 * <p>Implementations are called on request threads and writer threads at once, and must neither
 * block nor throw.
 */
public interface MeteringEvents {

    /** Reports nowhere. */
    MeteringEvents NONE = new MeteringEvents() { };

    /** An engine was made that reports here: its figures (slots in use) may be read from now on. */
    default void watch(MeteringEngine engine) {
    }

    /** A usage ledger reports here: its figures (queue, journal) may be read from now on. */
    default void watch(BatchingLedger ledger) {
    }

    /** A request to {@code endpoint} was admitted, or queued to wait for a slot of its pool. */
    default void admitted(MeteredEndpoint endpoint) {
    }

    /** A request to {@code endpoint} was refused by a limit. */
    default void refused(MeteredEndpoint endpoint, Rejection rejection) {
    }

    /** A request to {@code endpoint} was refused with 503: what admission needs could not be reached. */
    default void unavailable(MeteredEndpoint endpoint, Unavailable what) {
    }

    /** A key (or a temporary key's parent) was looked up: in the cache, or, on a miss, in the directory. */
    default void keyLookedUp(boolean cached) {
    }

    /** A temporary key was minted. */
    default void temporaryKeyMinted() {
    }

    /**
     * The store was handed a batch of {@code entries} usage entries in one transaction, which took
     * {@code nanos}.
     */
    default void batchWritten(int entries, long nanos, BatchOutcome outcome) {
    }

    /** What admission could not reach. */
    enum Unavailable {
        /** The usage ledger cannot make entries durable ({@code speechmeter.usage.on-outage=refuse}). */
        USAGE,
        /** The limit store or the capacities cannot be read. */
        LIMITS
    }

    /** How a batch handed to the store ended. */
    enum BatchOutcome {
        /** Committed. */
        STORED,
        /** The store rejected a record of it: it is split to find the bad one. */
        REJECTED,
        /** The store could not take it now: it is tried again, or journaled. */
        FAILED
    }
}
