package dev.speechmeter.redis;

import dev.speechmeter.spi.SlotLease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The leases this server holds in Redis, renewed together every third of a lease, in batches of
 * one script each; a server that stops renewing (it died, or lost Redis for longer than a lease)
 * loses its slots when they expire.
 */
final class LeaseRenewal implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LeaseRenewal.class.getName());
    static final int BATCH = 500;

    private final Map<String, SlotLease> held = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> task;

    /**
     * @param renewBatch renews one batch of leases in Redis
     */
    LeaseRenewal(ScheduledExecutorService executor, long leaseMillis, Consumer<List<SlotLease>> renewBatch) {
        long every = Math.max(1, leaseMillis / 3);
        this.task = executor.scheduleWithFixedDelay(() -> renewAll(renewBatch), every, every, TimeUnit.MILLISECONDS);
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

    private void renewAll(Consumer<List<SlotLease>> renewBatch) {
        List<SlotLease> batch = new ArrayList<>(BATCH);
        try {
            for (SlotLease lease : held.values()) {
                batch.add(lease);
                if (batch.size() == BATCH) {
                    renewBatch.accept(List.copyOf(batch));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                renewBatch.accept(batch);
            }
        } catch (RuntimeException e) {
            // The next round tries again; leases not renewed in time expire, which is the point of leases.
            LOG.log(System.Logger.Level.WARNING, "Slot leases could not be renewed in Redis: " + e.getMessage());
        }
    }

    /** Stops renewing; leases still held expire in Redis. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
