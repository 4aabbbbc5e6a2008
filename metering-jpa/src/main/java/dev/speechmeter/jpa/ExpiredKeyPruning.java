package dev.speechmeter.jpa;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Forgets expired idempotency keys every {@link #EVERY}, on a thread of the given factory, in
 * batches of {@value #BATCH} rows and at most {@value #MAX_BATCHES} batches a run, so that no run
 * holds the table for long. Expiry is read from the injected clock.
 */
final class ExpiredKeyPruning implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExpiredKeyPruning.class.getName());

    static final Duration EVERY = Duration.ofMinutes(10);
    static final int BATCH = 500;
    static final int MAX_BATCHES = 20;

    private final JdbcIdempotencyStore store;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler;

    private ExpiredKeyPruning(JdbcIdempotencyStore store, InstantSource clock, ThreadFactory threads) {
        this.store = store;
        this.clock = clock;
        this.scheduler = threads == null ? null : Executors.newSingleThreadScheduledExecutor(threads);
    }

    /** Prunes every {@link #EVERY} from now on, on a thread of {@code threads}. */
    static ExpiredKeyPruning start(JdbcIdempotencyStore store, InstantSource clock, ThreadFactory threads) {
        ExpiredKeyPruning pruning = new ExpiredKeyPruning(store, clock, threads);
        pruning.scheduler.scheduleWithFixedDelay(pruning::runQuietly, EVERY.toSeconds(), EVERY.toSeconds(),
                TimeUnit.SECONDS);
        return pruning;
    }

    /** Prunes only when told to, for a test. */
    static ExpiredKeyPruning manual(JdbcIdempotencyStore store, InstantSource clock) {
        return new ExpiredKeyPruning(store, clock, null);
    }

    /** One run: batches until fewer than a batch are due, or the most a run deletes. */
    int run() {
        int total = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int deleted = store.pruneExpired(clock.instant(), BATCH);
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        return total;
    }

    private void runQuietly() {
        try {
            int deleted = run();
            if (deleted > 0) {
                LOG.log(System.Logger.Level.DEBUG, "Forgot " + deleted + " expired idempotency keys");
            }
        } catch (RuntimeException e) {
            // The next run tries again; a failure must not end the schedule.
            LOG.log(System.Logger.Level.WARNING, "Expired idempotency keys could not be pruned: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
