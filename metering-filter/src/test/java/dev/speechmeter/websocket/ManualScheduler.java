package dev.speechmeter.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** Keeps the checks it is given; a test runs them after it has moved the fake clock. */
final class ManualScheduler implements StreamScheduler {

    private record Scheduled(Runnable check, Duration delay, CompletableFuture<Void> future) {
    }

    private final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public synchronized Future<?> schedule(Runnable check, Duration delay) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        scheduled.add(new Scheduled(check, delay, future));
        return future;
    }

    /** Runs every check scheduled and not cancelled, as if its delay had passed. */
    void runPending() {
        List<Scheduled> due;
        synchronized (this) {
            due = new ArrayList<>(scheduled);
            scheduled.clear();
        }
        for (Scheduled next : due) {
            if (!next.future().isCancelled()) {
                next.check().run();
            }
        }
    }

    /** The delay of the one check pending, not cancelled. */
    synchronized Duration pendingDelay() {
        List<Scheduled> pending = scheduled.stream().filter(s -> !s.future().isCancelled()).toList();
        if (pending.size() != 1) {
            throw new AssertionError("expected one pending check, found " + pending.size());
        }
        return pending.get(0).delay();
    }

    synchronized long pendingCount() {
        return scheduled.stream().filter(s -> !s.future().isCancelled()).count();
    }
}
