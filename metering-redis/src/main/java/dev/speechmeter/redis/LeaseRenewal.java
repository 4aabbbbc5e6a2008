package dev.speechmeter.redis;

import dev.speechmeter.spi.SlotLease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The leases this server holds in Redis, renewed together every third of a lease, in batches of
 * one script each; a server that stops renewing (it died) loses its slots when they expire.
 *
 * <p>A renewal also adds again the leases Redis lost while their requests still run (a restart
 * without persistence, a failover, an expiry while this server could not reach Redis for longer
 * than a lease), and those it never had (slots this server took alone while Redis could not be
 * reached), so that they count against the limits; a round that did is logged once, and counted by
 * {@link #restored()}. A lease released while its batch is being renewed is released
 * again after the batch, so that the renewal does not leave it re-created.
 */
final class LeaseRenewal implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LeaseRenewal.class.getName());
    static final int BATCH = 500;

    private final Map<String, SlotLease> held = new ConcurrentHashMap<>();
    private final Function<List<SlotLease>, List<String>> renewBatch;
    private final Consumer<List<SlotLease>> releaseBatch;
    private final LongAdder restored = new LongAdder();
    private final ScheduledFuture<?> task;

    /**
     * @param renewBatch   renews one batch of leases in Redis, adding again those it lost; answers their ids
     * @param releaseBatch releases leases in Redis
     */
    LeaseRenewal(ScheduledExecutorService executor, long leaseMillis,
                 Function<List<SlotLease>, List<String>> renewBatch, Consumer<List<SlotLease>> releaseBatch) {
        this.renewBatch = renewBatch;
        this.releaseBatch = releaseBatch;
        long every = Math.max(1, leaseMillis / 3);
        this.task = executor.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    void hold(SlotLease lease) {
        held.put(lease.id(), lease);
    }

    /** @return true when this server held the lease until now */
    boolean drop(SlotLease lease) {
        return held.remove(lease.id()) != null;
    }

    int size() {
        return held.size();
    }

    /** Leases Redis had lost, or never had, while their requests ran, added by a renewal, since start. */
    long restored() {
        return restored.sum();
    }

    /**
     * Renews every held lease now, on the caller's thread: when this server hears from Redis again
     * after an outage, so that what Redis lost or never had counts at once, not a renewal period
     * later.
     */
    void renewNow() {
        renewAll();
    }

    private synchronized void renewAll() {
        long restoredNow = 0;
        List<SlotLease> batch = new ArrayList<>(BATCH);
        try {
            for (SlotLease lease : held.values()) {
                batch.add(lease);
                if (batch.size() == BATCH) {
                    restoredNow += renew(List.copyOf(batch));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                restoredNow += renew(batch);
            }
        } catch (RuntimeException e) {
            // The next round tries again; leases not renewed in time expire, and that round adds back those still held.
            LOG.log(System.Logger.Level.WARNING, "Slot leases could not be renewed in Redis: " + e.getMessage());
        }
        if (restoredNow > 0) {
            restored.add(restoredNow);
            LOG.log(System.Logger.Level.WARNING, "Redis had lost slot leases of requests still running on this "
                    + "server (a restart, a failover, no renewal for longer than a lease, or slots taken on this server "
                    + "alone while Redis could not be reached); restored " + restoredNow
                    + ", they count against the concurrency limits again");
        }
    }

    /** Renews one batch; answers how many of its leases Redis did not have while they were held. */
    private long renew(List<SlotLease> batch) {
        List<String> added;
        try {
            added = renewBatch.apply(batch);
        } finally {
            releaseAgain(batch);
        }
        return added.stream().filter(held::containsKey).count();
    }

    /**
     * Releases again each lease of {@code batch} released since the batch was taken: its release
     * may have reached Redis before the renewal, which then added it again. Sent after the renewal
     * on the same connection, Redis runs it after the renewal, even one that timed out here.
     */
    private void releaseAgain(List<SlotLease> batch) {
        List<SlotLease> released = batch.stream().filter(lease -> !held.containsKey(lease.id())).toList();
        if (released.isEmpty()) {
            return;
        }
        try {
            releaseBatch.accept(released);
        } catch (RuntimeException e) {
            // Not renewed any more, a lease left in Redis expires within a lease.
            LOG.log(System.Logger.Level.WARNING, "Slot leases released during their renewal could not be given back "
                    + "in Redis; they expire within a lease: " + e.getMessage());
        }
    }

    /** Stops renewing; leases still held expire in Redis. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
