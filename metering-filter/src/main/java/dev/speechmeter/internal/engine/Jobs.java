package dev.speechmeter.internal.engine;

import dev.speechmeter.MeteredJob;
import dev.speechmeter.RecoveredJob;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.JobRegistry;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.OpenJob;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The metered jobs of this server: opened in the {@link JobRegistry} when a request detaches, and
 * closed there when they end. Jobs the registry hands over from a stopped server hold their slot
 * again and are offered to the application, which resumes them or lets them fail.
 */
public final class Jobs {

    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());

    private final Settlement settlement;
    private final LimitStore limitStore;
    private final SlotQueues queues;
    private final InstantSource clock;
    private final SlotQueues.Caps caps;
    private final Duration leastWait;
    private final Map<UUID, Job> open = new ConcurrentHashMap<>();
    private volatile JobRegistry registry = JobRegistry.inMemory();
    private volatile Consumer<RecoveredJob> recovery = recovered -> { };

    Jobs(Settlement settlement, LimitStore limitStore, SlotQueues.Caps caps, InstantSource clock, Duration leastWait) {
        this.settlement = settlement;
        this.limitStore = limitStore;
        this.clock = clock;
        this.caps = caps;
        this.leastWait = leastWait;
        this.queues = new SlotQueues(limitStore, settlement, caps);
        settlement.onRelease(queues::slotFreed);
    }

    /** The requests waiting for a slot. */
    SlotQueues queues() {
        return queues;
    }

    /** How many requests wait for a slot on this server now. */
    public int queuedJobs() {
        return queues.waiting();
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Keeps jobs in {@code registry} from now on, and starts taking over those of stopped servers,
     * each offered to {@code recovery} first. Called once, when the runtime is made.
     */
    public void start(JobRegistry registry, Consumer<RecoveredJob> recovery) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        registry.start(this::recover, queues::drainAll);
    }

    /** The jobs open on this server now. */
    public int openJobs() {
        return open.size();
    }

    /**
     * Turns an admitted request into a job, recorded in the registry before this returns.
     *
     * @throws IllegalStateException for a stream, or an endpoint that records no usage
     */
    public MeteredJob detach(Admission admission, UsageRecorder usage, String headerReference) {
        if (admission.endpoint().method() == ProcessingMethod.STREAMING) {
            throw new IllegalStateException("A stream is metered while it is open; it cannot become a job");
        }
        if (!admission.endpoint().recorded()) {
            throw new IllegalStateException("The endpoint is mapped with usage=none: it has no usage entry to "
                    + "defer to a job");
        }
        String reported = usage.clientReferenceId();
        String reference = admission.caller().temporary() != null ? admission.caller().temporary().clientReferenceId()
                : reported != null ? reported : headerReference;
        Job job = new Job(this, admission, usage, headerReference);
        open.put(job.id(), job);
        try {
            registry.opened(openJob(admission, reference));
        } catch (RuntimeException e) {
            open.remove(job.id());
            throw e;
        }
        if (!admission.queued() || !queues.attach(admission, job::started)) {
            job.started();
        }
        return job;
    }

    private static OpenJob openJob(Admission admission, String reference) {
        Caller caller = admission.caller();
        MeteredEndpoint endpoint = admission.endpoint();
        return new OpenJob(admission.requestId(), admission.correlationId(), caller.apiKeyId(), caller.organizationId(),
                caller.projectId(), endpoint.requestScope(), admission.path(), endpoint.method().wireName(),
                endpoint.pool(), endpoint.labels(), reference, admission.startTime());
    }

    /**
     * The request that submitted {@code job} ended with {@code status}: a 2xx lets the job go on;
     * anything else ends it as that failure, unless it ended already.
     */
    public void submitted(MeteredJob job, int status, boolean failed) {
        ((Job) job).submitted(status, failed);
    }

    /**
     * Runs {@code onGrant} when a request that waits for a slot gets one (a synchronous endpoint
     * with a bounded wait).
     *
     * @return true when it waits; false when it holds its slot already, and {@code onGrant} did not run
     */
    public boolean awaitSlot(Admission admission, Runnable onGrant) {
        return admission.queued() && queues.attach(admission, onGrant);
    }

    /**
     * Takes a request that waited for a slot as long as its endpoint allows out of its queue, and
     * words its refusal: its pool's, with a {@code Retry-After} estimated from the requests that
     * waited ahead of it.
     *
     * @return the refusal; null when it got its slot meanwhile, and is served
     */
    public Rejection waitedInVain(Admission admission) {
        int ahead = queues.waitingAhead(admission);
        queues.leave(admission);
        if (!admission.queued()) {
            return null;
        }
        Rejection waiting = admission.waitingFor();
        return new Rejection(Rejection.Limit.CONCURRENCY, waiting.level(), waiting.pool(),
                waitFor(admission.caller(), waiting.pool(), ahead));
    }

    /** How long one behind {@code queued} others of its project had better wait for a slot of {@code pool}. */
    Duration waitFor(Caller caller, String pool, int queued) {
        Integer projectCap = caps.apply(caller, pool)[1].max();
        return queues.estimatedWait(pool, queued, projectCap, leastWait);
    }

    /** Takes a request that waits for a slot out of its queue; one that got a slot meanwhile holds it. */
    public void leaveQueue(Admission admission) {
        if (admission.waitingFor() != null) {
            queues.leave(admission);
        }
    }

    /**
     * A job ended, its request settled: the registry lets it go.
     *
     * @param startedAt when a job that completed started, for the queue's estimates; null otherwise
     */
    void ended(Job job, Instant startedAt) {
        if (startedAt != null && job.admission().endpoint().pool() != null) {
            queues.ran(job.admission().endpoint().pool(), Duration.between(startedAt, clock.instant()));
        }
        open.remove(job.id());
        try {
            registry.closed(job.id());
        } catch (RuntimeException e) {
            // Its entry is with the ledger already; a registry row left behind is taken over later
            // and found to have its entry, so it is not recorded twice.
            LOG.log(System.Logger.Level.WARNING, "Job " + job.id() + " ended but could not be removed from the "
                    + "job registry: " + e.getMessage());
        }
    }

    /**
     * A job whose server stopped: it holds a slot of its pool again (counted whatever the limit,
     * since it was admitted before), and is offered to the application; unless resumed, it fails.
     */
    void recover(OpenJob orphan) {
        Job job = reopen(orphan);
        RecoveredJob recovered = new RecoveredJob(job);
        try {
            recovery.accept(recovered);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The application failed on recovered job " + orphan.id(), e);
        }
        if (!recovered.resumed()) {
            job.fail("the server running it stopped, and the application did not resume it");
        }
    }

    private Job reopen(OpenJob orphan) {
        Caller caller = new Caller(orphan.apiKeyId(), orphan.projectId(), orphan.organizationId(), Limits.none(),
                Limits.none(), KeyPermission.ALL, null);
        MeteredEndpoint endpoint = new MeteredEndpoint(orphan.requestScope(), orphan.pool(), orphan.method(),
                orphan.labels());
        SlotDecision slot = null;
        if (orphan.pool() != null) {
            slot = limitStore.acquireSlot(orphan.pool(), new SlotLimit(orphan.organizationId(), null),
                    new SlotLimit(orphan.projectId(), null));
            settlement.slotTaken(orphan.pool());
            settlement.admitted(slot.lease());
        }
        Admission admission = new Admission(settlement, orphan.id(), orphan.correlationId(), caller, endpoint,
                orphan.endpoint(), orphan.startTime(), null, null, slot, null);
        UsageRecorder usage = new UsageRecorder(orphan.id(), orphan.projectId(), null);
        usage.clientReferenceId(orphan.clientReferenceId());
        Job job = new Job(this, admission, usage, orphan.clientReferenceId());
        usage.recovered(job);
        open.put(job.id(), job);
        job.started();
        return job;
    }
}
