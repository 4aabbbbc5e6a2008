package dev.speechmeter.internal.engine;

import dev.speechmeter.Durability;
import dev.speechmeter.OutagePolicy;
import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.spi.UsageRejectedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Group commit that loses nothing: writer threads take whatever usage records are waiting, up to
 * a batch, and write them in one transaction; each caller's future completes when its batch is
 * durable. Under load many requests share one commit; alone, a request waits for a commit of one.
 * With more than one writer, the next batch is written while the previous one commits.
 *
 * <pre>{@code
 * BatchingLedger ledger = BatchingLedger.writingTo(store::writeAll)
 *         .threads(threadFactory).writers(2).durability(Durability.SYNC)
 *         .journal(UsageJournal.open(directory, maxBytes)).start();
 * ledger.record(record);   // returns once durable (SYNC), or at once (ASYNC)
 * ledger.close();          // writes or journals what is queued, then stops
 * }</pre>
 *
 * What can go wrong, and what happens then:
 * <ul>
 *   <li><b>A record the store rejects</b> ({@link UsageRejectedException}): the batch is split in
 *       halves until the bad record is alone; every other record commits, the bad one is
 *       reported at ERROR with its id and counted ({@link #rejected()}), and its caller fails.</li>
 *   <li><b>A store that cannot take the batch now</b> (any other exception): the batch is tried
 *       again after a short pause, then set aside in the journal, which is durable: its callers
 *       succeed. From then on, until the journal has been written back, each batch is tried once
 *       and journaled if the store still fails; the first batch the store takes again, or an idle
 *       moment, writes the journal back (the store is idempotent by request id, so a record
 *       handed over twice is stored once).</li>
 *   <li><b>No journal, or a full one</b>: the batch's callers fail and its records are named at
 *       ERROR; {@link #accepting()} turns false, so that new requests are refused.</li>
 *   <li><b>A full queue</b> makes callers wait (up to {@code pushBack}) rather than drop entries;
 *       past that the record call fails loudly. A {@code SYNC} caller waits for its commit at most
 *       {@code syncTimeout}, then fails.</li>
 *   <li><b>A writer thread that dies</b> of an {@link Error} is replaced; its batch is journaled
 *       or failed, never left waiting.</li>
 * </ul>
 */
public final class BatchingLedger implements UsageLedger, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchingLedger.class.getName());
    /** Wakes a writer that waits for work; carries no record. */
    private static final Pending WAKE = new Pending(null, null);
    /** How many waiting callers a caller woken by its commit wakes in turn before it returns. */
    private static final int WAKES_BY_CALLER = 2;
    private static final Comparator<Pending> BY_ID = Comparator.comparing(pending -> pending.record.requestId());
    /** How long an idle writer waits before it looks at the journal again. */
    private static final Duration IDLE = Duration.ofSeconds(1);
    /** Pauses between the tries of a batch the store could not take. */
    private static final List<Duration> RETRY_PAUSES = List.of(Duration.ofMillis(50), Duration.ofMillis(250));
    /** The longest pause between two attempts to write the journal back. */
    private static final Duration MAX_REPLAY_PAUSE = Duration.ofSeconds(5);

    /** Sleeps between retries; tests pass one that does not. */
    @FunctionalInterface
    interface Pause {
        Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

        void pause(Duration duration) throws InterruptedException;
    }

    private final UsageBatchWriter writer;
    private final ThreadFactory threadFactory;
    private final Durability durability;
    private final OutagePolicy onOutage;
    private final int maxBatch;
    private final int writers;
    private final int capacity;
    private final Duration pushBack;
    private final Duration syncTimeout;
    private final Duration closeTimeout;
    private final UsageJournal journal;
    private final Pause pause;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /**
     * The batch each writer holds right now, so that a close that cannot wait for them can journal
     * them. Keyed by the writer's thread, not by the batch: a list's hash would read every record.
     */
    private final Map<Thread, List<Pending>> inHand = new ConcurrentHashMap<>();
    /** Callers between their check of {@link #closed} and the end of their offer. */
    private final AtomicInteger offering = new AtomicInteger();
    private final AtomicInteger writerNumbers = new AtomicInteger();
    private final ReentrantLock replaying = new ReentrantLock();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder journaled = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private volatile boolean closed;
    /** Closed, and every offer announced before was made: nothing more can be queued. */
    private volatile boolean sealed;
    /** The store failed a batch and the journal holds entries it has not taken back yet. */
    private volatile boolean outage;
    /** The journal could not take a batch: entries can no longer be made durable. */
    private volatile boolean journalFailing;
    private volatile long nextReplayNanos;
    private volatile Duration replayPause = RETRY_PAUSES.get(0);
    private volatile MeteringEvents events = MeteringEvents.NONE;

    private BatchingLedger(Builder builder) {
        this.writer = builder.writer;
        this.threadFactory = builder.threads;
        this.durability = builder.durability;
        this.onOutage = builder.onOutage;
        this.maxBatch = builder.maxBatch;
        this.writers = builder.writers;
        this.capacity = builder.capacity;
        this.pushBack = builder.pushBack;
        this.syncTimeout = builder.syncTimeout;
        this.closeTimeout = builder.closeTimeout;
        this.journal = builder.journal;
        this.pause = builder.pause;
        this.queue = new ArrayBlockingQueue<>(builder.capacity);
        for (int i = 0; i < builder.writers; i++) {
            startWriter();
        }
    }

    /** A ledger over {@code writer}, to be configured and {@linkplain Builder#start() started}. */
    public static Builder writingTo(UsageBatchWriter writer) {
        return new Builder(writer);
    }

    @Override
    public void record(UsageRecord record) {
        Objects.requireNonNull(record, "record");
        Pending pending = new Pending(record, durability == Durability.SYNC ? new CompletableFuture<>() : null);
        offering.incrementAndGet();
        try {
            // Checked after announcing the offer: close() waits for announced offers before it
            // lets the writers finish, so no record can be queued after the last writer left.
            if (closed) {
                throw new IllegalStateException("The usage ledger is closed");
            }
            if (!queue.offer(pending, pushBack.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("The usage queue stayed full for " + pushBack
                        + ": the database does not keep up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while queueing usage", e);
        } finally {
            offering.decrementAndGet();
        }
        if (pending.committed == null) {
            return;
        }
        try {
            Wakeups wakeups = pending.committed.get(syncTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (wakeups != null) {
                wakeups.wake(WAKES_BY_CALLER);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing usage", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Usage could not be written", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The usage entry was not durable within " + syncTimeout);
        }
    }

    /**
     * False while entries cannot be made durable (no journal, or a full one), or while the store
     * is down and the deployer chose {@link OutagePolicy#REFUSE}.
     */
    @Override
    public boolean accepting() {
        return !closed && !journalFailing && !(outage && (journal == null || onOutage == OutagePolicy.REFUSE));
    }

    private void startWriter() {
        Thread thread = threadFactory.newThread(this::writeUntilClosed);
        thread.setName("speechmeter-usage-writer-" + writerNumbers.incrementAndGet());
        threads.add(thread);
        thread.start();
    }

    private void writeUntilClosed() {
        try {
            List<Pending> batch = new ArrayList<>(maxBatch);
            while (true) {
                if (sealed && queue.isEmpty()) {
                    return;
                }
                Pending first = null;
                try {
                    first = queue.poll(IDLE.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // Nothing interrupts a writer on purpose; keep the loop's own rules.
                    Thread.interrupted();
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - batch.size());
                    int wakes = batch.size();
                    batch.removeIf(pending -> pending == WAKE);
                    // One wake-up is this writer's; the others belong to writers still waiting.
                    for (int i = 1; i < wakes - batch.size(); i++) {
                        queue.offer(WAKE);
                    }
                }
                if (!batch.isEmpty()) {
                    write(batch);
                    batch = new ArrayList<>(maxBatch);
                } else if (first == null) {
                    replayIfDue();
                }
            }
        } catch (Throwable e) {
            // write() keeps every batch it was given; what is left is a dead loop: start another.
            LOG.log(System.Logger.Level.ERROR, "A usage writer thread died; starting another", e);
            threads.remove(Thread.currentThread());
            startWriter();
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private void write(List<Pending> batch) {
        // In id order: two writers that meet the same ids (a retried write) then lock them in the
        // same order and cannot deadlock.
        batch.sort(BY_ID);
        inHand.put(Thread.currentThread(), batch);
        try {
            boolean recovering = outage && journal != null;
            List<Pending> notTaken = store(batch, recovering ? 1 : 1 + RETRY_PAUSES.size());
            if (notTaken.isEmpty()) {
                if (recovering) {
                    replayNow();
                }
            } else {
                setAside(notTaken, "the database could not take them");
            }
        } catch (Throwable e) {
            List<Pending> unfinished = new ArrayList<>(batch);
            unfinished.removeIf(Pending::isDone);
            setAside(unfinished, "a writer failed: " + e);
            throw e;
        } finally {
            inHand.remove(Thread.currentThread());
        }
    }

    /**
     * Writes the batch, trying {@code tries} times if the store cannot take it, and looking for
     * the bad records if the store rejects it.
     *
     * @return the records the store could not take now, for the journal
     */
    private List<Pending> store(List<Pending> batch, int tries) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= tries; attempt++) {
            long start = System.nanoTime();
            try {
                writer.writeAll(records(batch));
                events.batchWritten(batch.size(), System.nanoTime() - start, MeteringEvents.BatchOutcome.STORED);
                new Wakeups(batch).wake(Integer.MAX_VALUE);
                return List.of();
            } catch (UsageRejectedException e) {
                events.batchWritten(batch.size(), System.nanoTime() - start, MeteringEvents.BatchOutcome.REJECTED);
                return split(batch, e, tries);
            } catch (RuntimeException e) {
                events.batchWritten(batch.size(), System.nanoTime() - start, MeteringEvents.BatchOutcome.FAILED);
                failure = e;
                if (attempt < tries && !pause(RETRY_PAUSES.get(attempt - 1))) {
                    break;
                }
            }
        }
        Throwable cause = failure;
        LOG.log(System.Logger.Level.DEBUG, () -> "Could not write " + batch.size() + " usage entries: " + cause);
        return batch;
    }

    /** Writes the halves of a rejected batch on their own, down to the single bad records. */
    private List<Pending> split(List<Pending> batch, UsageRejectedException rejection, int tries) {
        if (batch.size() == 1) {
            reject(batch.get(0), rejection);
            return List.of();
        }
        int half = batch.size() / 2;
        List<Pending> notTaken = new ArrayList<>(store(batch.subList(0, half), tries));
        notTaken.addAll(store(batch.subList(half, batch.size()), tries));
        return notTaken;
    }

    private void reject(Pending pending, UsageRejectedException rejection) {
        rejected.increment();
        UsageRecord record = pending.record;
        LOG.log(System.Logger.Level.ERROR, "The database rejected usage entry " + record.requestId() + " (project "
                + record.caller().projectId() + ", " + record.requestScope() + "); it is not stored: "
                + rejection.getMessage());
        pending.failed(rejection);
    }

    /** Journals records the store could not take; failing that, fails their callers and names them. */
    private void setAside(List<Pending> batch, String why) {
        if (batch.isEmpty()) {
            return;
        }
        if (journal != null) {
            try {
                journal.append(records(batch));
                journaled.add(batch.size());
                journalFailing = false;
                if (!outage) {
                    outage = true;
                    LOG.log(System.Logger.Level.WARNING, "Usage entries go to the journal until the database "
                            + "takes them again (" + why + ")");
                }
                scheduleReplay(false);
                batch.forEach(Pending::done);
                return;
            } catch (IOException | RuntimeException e) {
                journalFailing = true;
                why = why + "; the journal could not take them either: " + e.getMessage();
            }
        } else {
            outage = true;
        }
        lost.add(batch.size());
        LOG.log(System.Logger.Level.ERROR, batch.size() + " usage entries are not stored (" + why + "): "
                + batch.stream().map(pending -> pending.record.requestId().toString())
                        .collect(Collectors.joining(", ")));
        IllegalStateException failure = new IllegalStateException("The usage entry could not be stored: " + why);
        batch.forEach(pending -> pending.failed(failure));
    }

    private void replayIfDue() {
        if (journal == null) {
            if (outage && !closed) {
                outage = false;   // nothing set aside: the next batch finds out whether the store is back
            }
            return;
        }
        if (System.nanoTime() - nextReplayNanos >= 0 && !journal.isEmpty()) {
            replayNow();
        }
    }

    /** Writes the journal back to the store; one writer at a time. */
    private void replayNow() {
        if (journal == null || !replaying.tryLock()) {
            return;
        }
        try {
            if (journal.isEmpty()) {
                endOutage(0);
                return;
            }
            int replayed = journal.replay(this::storeReplayed, maxBatch);
            endOutage(replayed);
        } catch (IOException | RuntimeException e) {
            scheduleReplay(true);
            LOG.log(System.Logger.Level.DEBUG, () -> "The journal could not be written back yet: " + e.getMessage());
        } finally {
            replaying.unlock();
        }
    }

    /** The journal's sink: rejected records are reported and skipped; a store that fails stops the replay. */
    private void storeReplayed(List<UsageRecord> records) {
        List<Pending> batch = new ArrayList<>(records.size());
        records.forEach(record -> batch.add(new Pending(record, null)));
        List<Pending> notTaken = store(batch, 1);
        if (!notTaken.isEmpty()) {
            throw new IllegalStateException("The database cannot take usage entries yet");
        }
    }

    private void endOutage(int replayed) {
        boolean wasOut = outage;
        outage = false;
        replayPause = RETRY_PAUSES.get(0);
        if (wasOut || replayed > 0) {
            LOG.log(System.Logger.Level.INFO, "The database takes usage entries again; " + replayed
                    + " entries were written back from the journal");
        }
    }

    private void scheduleReplay(boolean failedAgain) {
        if (failedAgain) {
            Duration doubled = replayPause.multipliedBy(2);
            replayPause = doubled.compareTo(MAX_REPLAY_PAUSE) > 0 ? MAX_REPLAY_PAUSE : doubled;
        }
        nextReplayNanos = System.nanoTime() + replayPause.toNanos();
    }

    /** @return false when interrupted, so that the caller stops retrying */
    private boolean pause(Duration duration) {
        try {
            pause.pause(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<UsageRecord> records(List<Pending> batch) {
        List<UsageRecord> records = new ArrayList<>(batch.size());
        batch.forEach(pending -> records.add(pending.record));
        return records;
    }

    /**
     * Stops taking records, writes (or journals) every record already taken, and waits for the
     * writers to end. Writers still busy after the close timeout have their batches journaled as
     * well (the store keeps one entry per request id if both arrive), so that no caller is left
     * waiting and nothing taken is lost.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (offering.get() > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        // A caller that announces itself from now on finds the ledger closed and queues nothing.
        sealed = true;
        for (int i = 0; i < threads.size(); i++) {
            queue.offer(WAKE);
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        boolean interrupted = false;
        for (Thread thread : threads) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.removeIf(pending -> pending == WAKE);
        inHand.values().forEach(left::addAll);
        left.removeIf(Pending::isDone);
        if (!left.isEmpty()) {
            setAside(left, "the server stopped before the database took them");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records waiting to be written right now. */
    public int queued() {
        return queue.size();
    }

    /** Records the store rejected since the start: each was reported at ERROR. */
    public long rejected() {
        return rejected.sum();
    }

    /** Records set aside in the journal since the start. */
    public long journaled() {
        return journaled.sum();
    }

    /** Records neither stored nor journaled since the start: each was named at ERROR. */
    public long lost() {
        return lost.sum();
    }

    /** The most records that may wait to be written before callers wait for room. */
    public int capacity() {
        return capacity;
    }

    /** How many writer threads the ledger keeps running. */
    public int writers() {
        return writers;
    }

    /**
     * Writer threads alive right now: as many as {@link #writers()} while the ledger runs, since a
     * writer that dies is replaced; fewer once one could not be (its thread factory refused), and
     * none once the ledger is closed.
     */
    public int writersAlive() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }

    /** Whether the store is failing and entries wait in the journal. */
    public boolean outage() {
        return outage;
    }

    /** Where entries wait while the store cannot take them; null when there is none. */
    public UsageJournal journal() {
        return journal;
    }

    /** Reports the batches written from now on to {@code events}, which may read this ledger's figures. */
    public void reportTo(MeteringEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        events.watch(this);
    }

    private record Pending(UsageRecord record, CompletableFuture<Wakeups> committed) {

        void done() {
            done(null);
        }

        void done(Wakeups wakeups) {
            if (committed != null) {
                committed.complete(wakeups);
            }
        }

        void failed(RuntimeException e) {
            if (committed != null) {
                committed.completeExceptionally(e);
            }
        }

        boolean isDone() {
            return committed != null && committed.isDone();
        }
    }

    /**
     * Wakes the callers of a committed batch. Waking a thread is a system call: a writer that woke
     * a thousand callers one by one would spend more time on it than on the batch. So each caller
     * woken wakes {@value BatchingLedger#WAKES_BY_CALLER} more on its way out, and the wake-ups spread like a
     * tree while the writer goes on down the list; the writer stops only once every caller is
     * claimed, so none is left waiting if a helper does not come.
     */
    private static final class Wakeups {

        private final List<Pending> batch;
        private final AtomicInteger next = new AtomicInteger();

        Wakeups(List<Pending> batch) {
            this.batch = batch;
        }

        /** Wakes callers not woken yet, at most {@code most}. */
        void wake(int most) {
            for (int woken = 0; woken < most; woken++) {
                int index = next.getAndIncrement();
                if (index >= batch.size()) {
                    return;
                }
                batch.get(index).done(this);
            }
        }
    }

    /** The settings of a {@link BatchingLedger}; the defaults are the server's. */
    public static final class Builder {

        private final UsageBatchWriter writer;
        private ThreadFactory threads = Thread::new;
        private int writers = 1;
        private Durability durability = Durability.SYNC;
        private OutagePolicy onOutage = OutagePolicy.JOURNAL;
        private int capacity = 10_000;
        private int maxBatch = 2_000;
        private Duration pushBack = Duration.ofSeconds(30);
        private Duration syncTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private UsageJournal journal;
        private Pause pause = Pause.SLEEP;

        private Builder(UsageBatchWriter writer) {
            this.writer = Objects.requireNonNull(writer, "writer");
        }

        /** Where the writer threads come from: in a server, its managed thread factory. */
        public Builder threads(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threads");
            return this;
        }

        /** How many batches may be written at once, each on its own thread and transaction. */
        public Builder writers(int writers) {
            this.writers = atLeastOne("writers", writers);
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        public Builder onOutage(OutagePolicy onOutage) {
            this.onOutage = Objects.requireNonNull(onOutage, "onOutage");
            return this;
        }

        /** How many records may wait to be written. */
        public Builder capacity(int capacity) {
            this.capacity = atLeastOne("capacity", capacity);
            return this;
        }

        /** The most records one transaction writes. */
        public Builder maxBatch(int maxBatch) {
            this.maxBatch = atLeastOne("maxBatch", maxBatch);
            return this;
        }

        /** How long a caller waits for room in a full queue before it fails. */
        public Builder pushBack(Duration pushBack) {
            this.pushBack = positive("pushBack", pushBack);
            return this;
        }

        /** How long a {@code SYNC} caller waits for its entry to be durable before it fails. */
        public Builder syncTimeout(Duration syncTimeout) {
            this.syncTimeout = positive("syncTimeout", syncTimeout);
            return this;
        }

        /** How long {@link BatchingLedger#close()} waits for the writers before it journals what they hold. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = positive("closeTimeout", closeTimeout);
            return this;
        }

        /**
         * Where entries wait while the store cannot take them; without one, such entries fail
         * their callers (and are named at ERROR). The journal stays open after the ledger closes:
         * whoever opened it closes it.
         */
        public Builder journal(UsageJournal journal) {
            this.journal = journal;
            return this;
        }

        Builder pause(Pause pause) {
            this.pause = Objects.requireNonNull(pause, "pause");
            return this;
        }

        /** Starts the writer threads. */
        public BatchingLedger start() {
            return new BatchingLedger(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
