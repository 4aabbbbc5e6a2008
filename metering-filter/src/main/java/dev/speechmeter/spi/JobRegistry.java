package dev.speechmeter.spi;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Where open metered jobs are kept, so that a job outlives neither its accounting nor its server:
 * a job is {@link #opened} before its submit is answered and {@link #closed} once its entry is
 * with the {@link UsageLedger}. A registry shared by a fleet (the database) keeps each server's
 * jobs under a lease that the server renews; the jobs of a server that stopped renewing are handed
 * to another through {@link #start}'s handler, once each.
 *
 * <pre>{@code
 * registry.start(job -> recoverOrFail(job));
 * registry.opened(job);      // durable when this returns
 * ...
 * registry.closed(job.id());
 * registry.close();          // this server's open jobs are handed over at once
 * }</pre>
 */
public interface JobRegistry extends AutoCloseable {

    /**
     * A registry in this server's memory: jobs end with the server, which holds their slots in
     * its memory too, so nothing outlives it and nothing is handed over. The default without a
     * database.
     */
    static JobRegistry inMemory() {
        return InMemoryJobs.INSTANCE;
    }

    /**
     * Records a job before its submit is answered.
     *
     * @throws RuntimeException when it cannot be recorded; the submit then fails
     */
    void opened(OpenJob job);

    /** The job ended: its entry is with the ledger. Closing one twice, or one never opened, does nothing. */
    void closed(UUID id);

    /**
     * Starts keeping this server's jobs alive and handing it, once each, the open jobs of servers
     * that stopped. {@code orphans} runs on the registry's own thread.
     */
    default void start(Consumer<OpenJob> orphans) {
    }

    /**
     * As {@link #start(Consumer)}, and runs {@code eachRound} on the registry's thread after each of
     * its rounds: the engine then gives waiting jobs slots that came free on other servers.
     */
    default void start(Consumer<OpenJob> orphans, Runnable eachRound) {
        start(orphans);
    }

    /** Stops; this server's jobs still open are left for another server, or this one after a restart, to take over at once. */
    @Override
    default void close() {
    }

    /** The registry of {@link #inMemory()}. */
    enum InMemoryJobs implements JobRegistry {
        INSTANCE;

        @Override
        public void opened(OpenJob job) {
        }

        @Override
        public void closed(UUID id) {
        }
    }
}
