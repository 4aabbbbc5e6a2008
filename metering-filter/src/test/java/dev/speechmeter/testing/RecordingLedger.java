package dev.speechmeter.testing;

import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A ledger that keeps what it is given, for assertions. */
public final class RecordingLedger implements UsageLedger {

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    /** From now on every record fails with this, as a ledger that cannot make entries durable; null to stop. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public synchronized void record(UsageRecord record) {
        if (failure != null) {
            throw failure;
        }
        records.add(record);
        notifyAll();
    }

    /**
     * Waits until the record of a request arrives: a response can reach its client a moment
     * before the server has settled it.
     */
    public synchronized UsageRecord await(UUID requestId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.stream().noneMatch(r -> r.requestId().equals(requestId))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no record of " + requestId + " within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return only(requestId);
    }

    public List<UsageRecord> records() {
        return List.copyOf(records);
    }

    public UsageRecord only(UUID requestId) {
        List<UsageRecord> found = records.stream().filter(r -> r.requestId().equals(requestId)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one record of " + requestId + ", found " + found.size());
        }
        return found.get(0);
    }
}
