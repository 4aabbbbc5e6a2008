package dev.speechmeter.internal.engine;

import dev.speechmeter.MeteredJob;
import dev.speechmeter.UsageContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@link MeteredJob}: the admission of the request that submitted it, still holding its slot,
 * and the usage recorder the job reports to. Whichever ends it first (the job, or the failure of
 * its submitting request) settles the admission; the rest find it ended.
 */
final class Job implements MeteredJob {

    private static final System.Logger LOG = System.getLogger(Job.class.getName());

    private final Jobs jobs;
    private final Admission admission;
    private final UsageRecorder usage;
    private final String submittedReference;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Runnable> onStart = new ArrayList<>();
    private boolean running;
    private Instant startedAt;

    Job(Jobs jobs, Admission admission, UsageRecorder usage, String submittedReference) {
        this.jobs = jobs;
        this.admission = admission;
        this.usage = usage;
        this.submittedReference = submittedReference;
    }

    @Override
    public UUID id() {
        return admission.requestId();
    }

    @Override
    public UUID project() {
        return admission.caller().projectId();
    }

    @Override
    public UsageContext usage() {
        return usage;
    }

    @Override
    public boolean isOpen() {
        return !ended.get();
    }

    @Override
    public boolean isQueued() {
        return !ended.get() && admission.queued();
    }

    @Override
    public void onStart(Runnable work) {
        synchronized (this) {
            if (!running) {
                onStart.add(work);
                return;
            }
        }
        if (!ended.get()) {
            work.run();
        }
    }

    /** The job holds its slot: its start work runs now, on this thread. */
    void started() {
        List<Runnable> work;
        synchronized (this) {
            if (running) {
                return;
            }
            running = true;
            startedAt = jobs.now();
            work = List.copyOf(onStart);
            onStart.clear();
        }
        for (Runnable start : work) {
            if (ended.get()) {
                return;
            }
            try {
                start.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "The start of job " + id() + " failed", e);
                fail("its start failed: " + e);
            }
        }
    }

    @Override
    public boolean complete() {
        return end(200);
    }

    @Override
    public boolean fail(String reason) {
        boolean ended = end(500);
        if (ended) {
            LOG.log(System.Logger.Level.INFO, "Job " + id() + " failed: " + reason);
        }
        return ended;
    }

    @Override
    public boolean cancel() {
        return end(CANCELLED_STATUS);
    }

    /**
     * The request that submitted the job ended: with a 2xx the job goes on; otherwise it never
     * starts, and the request is settled as what it was.
     *
     * @return true when the job goes on, and so settles the request itself later
     */
    boolean submitted(int status, boolean failed) {
        if (!failed && status >= 200 && status < 300) {
            return true;
        }
        end(status < 400 ? 500 : status);
        return false;
    }

    private boolean end(int status) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        jobs.leaveQueue(admission);
        try {
            String reported = usage.clientReferenceId();
            admission.settle(status, usage.snapshot(), reported != null ? reported : submittedReference);
        } finally {
            jobs.ended(this, status == 200 ? startedAt() : null);
        }
        return true;
    }

    Admission admission() {
        return admission;
    }

    private synchronized Instant startedAt() {
        return startedAt;
    }
}
