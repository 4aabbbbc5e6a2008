package dev.speechmeter.engine;

import dev.speechmeter.Durability;
import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit: a writer thread takes whatever usage records are waiting, up to a batch, and
 * writes them in one transaction; each caller's future completes when its batch commits. Under
 * load many requests share one commit; alone, a request waits for a commit of one. With more
 * than one writer, the next batch is written while the previous one commits.
 *
 * <pre>{@code
 * BatchingLedger ledger = new BatchingLedger(store::writeAll, threadFactory, Durability.SYNC, 10_000, 500,
 *         Duration.ofSeconds(30));
 * ledger.record(record);   // returns once durable (SYNC), or at once (ASYNC)
 * ledger.close();          // writes what is queued, then stops
 * }</pre>
 *
 * A full queue makes callers wait (up to {@code pushBack}) rather than drop entries; past that
 * the record call fails loudly.
 */
public final class BatchingLedger implements UsageLedger, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchingLedger.class.getName());
    private static final Pending STOP = new Pending(null, null);
    private static final Comparator<UsageRecord> BY_ID = Comparator.comparing(UsageRecord::requestId);

    private final UsageBatchWriter writer;
    private final Durability durability;
    private final int maxBatch;
    private final Duration pushBack;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads;
    private volatile boolean closed;

    /** A ledger with one writer thread. */
    public BatchingLedger(UsageBatchWriter writer, ThreadFactory threads, Durability durability, int capacity,
                          int maxBatch, Duration pushBack) {
        this(writer, threads, 1, durability, capacity, maxBatch, pushBack);
    }

    /**
     * @param writers how many batches may be written at once, each on its own thread and
     *                transaction: while one batch commits, the next one is already being written
     */
    public BatchingLedger(UsageBatchWriter writer, ThreadFactory threads, int writers, Durability durability,
                          int capacity, int maxBatch, Duration pushBack) {
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be at least 1: " + writers);
        }
        this.writer = writer;
        this.durability = durability;
        this.maxBatch = maxBatch;
        this.pushBack = pushBack;
        this.queue = new ArrayBlockingQueue<>(capacity);
        List<Thread> started = new ArrayList<>(writers);
        for (int i = 0; i < writers; i++) {
            Thread thread = threads.newThread(this::writeUntilStopped);
            thread.setName("speechmeter-usage-writer-" + (i + 1));
            thread.start();
            started.add(thread);
        }
        this.threads = List.copyOf(started);
    }

    @Override
    public void record(UsageRecord record) {
        if (closed) {
            throw new IllegalStateException("The usage ledger is closed");
        }
        Pending pending = new Pending(record, durability == Durability.SYNC ? new CompletableFuture<>() : null);
        try {
            if (!queue.offer(pending, pushBack.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("The usage queue stayed full for " + pushBack
                        + ": the database does not keep up");
            }
            if (pending.committed != null) {
                pending.committed.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing usage", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Usage could not be written", e.getCause());
        }
    }

    private void writeUntilStopped() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Closing interrupts only a writer that waits for nothing; write what is left below.
                stopping = true;
            }
            queue.drainTo(batch, maxBatch - batch.size());
            int stops = stops(batch);
            stopping |= stops > 0;
            write(batch);
            batch.clear();
            passOn(stops - 1);
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        passOn(stops(rest));
        for (int from = 0; from < rest.size(); from += maxBatch) {
            write(rest.subList(from, Math.min(rest.size(), from + maxBatch)));
        }
    }

    /** Takes the stop markers out of a batch; returns how many there were. */
    private static int stops(List<Pending> batch) {
        int before = batch.size();
        batch.removeIf(pending -> pending == STOP);
        return before - batch.size();
    }

    /** Puts back stop markers one writer took but other writers need, one each. */
    private void passOn(int stops) {
        for (int i = 0; i < stops; i++) {
            if (!queue.offer(STOP)) {
                // Only while closing, and the queue is full: the other writers still have work and
                // will find the marker once this writer has made room.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                i--;
            }
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<UsageRecord> records = new ArrayList<>(batch.size());
        batch.forEach(pending -> records.add(pending.record));
        // In id order: two writers that meet the same ids (a retried write) then lock them in the
        // same order and cannot deadlock.
        records.sort(BY_ID);
        try {
            writer.writeAll(records);
            batch.forEach(Pending::done);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Could not write " + records.size() + " usage entries", e);
            batch.forEach(pending -> pending.failed(e));
        }
    }

    /** Stops taking records, writes every record already queued, and waits for the writer to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (int i = 0; i < threads.size(); i++) {
                queue.put(STOP);   // one for each writer
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Thread thread : threads) {
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records waiting to be written right now. */
    public int queued() {
        return queue.size();
    }

    private record Pending(UsageRecord record, CompletableFuture<Void> committed) {

        void done() {
            if (committed != null) {
                committed.complete(null);
            }
        }

        void failed(RuntimeException e) {
            if (committed != null) {
                committed.completeExceptionally(e);
            }
        }
    }
}
