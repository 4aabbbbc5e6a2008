package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLimit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The requests of {@code queue=jobs} endpoints that found their pool full, waiting for a slot:
 * first in, first out per project, at most a bound per project and pool. When a slot of a pool
 * comes free in an organization, its waiting requests are given slots in the order they came,
 * each project's in its own order, until the organization or every waiting project is full again.
 */
final class SlotQueues {

    private static final System.Logger LOG = System.getLogger(SlotQueues.class.getName());

    /** The slot caps of a caller at both levels for a pool. */
    interface Caps extends BiFunction<Caller, String, SlotLimit[]> {
    }

    private final LimitStore limitStore;
    private final Settlement settlement;
    private final Caps caps;
    private final Map<Key, Organization> organizations = new ConcurrentHashMap<>();
    private final Map<UUID, Waiter> waiters = new ConcurrentHashMap<>();
    private final Map<String, RunTime> runTimes = new ConcurrentHashMap<>();

    SlotQueues(LimitStore limitStore, Settlement settlement, Caps caps) {
        this.limitStore = limitStore;
        this.settlement = settlement;
        this.caps = caps;
    }

    /** One request waiting, and what to do when it gets its slot (start its job, serve it). */
    static final class Waiter {
        final Admission admission;
        final long order;
        Runnable onGrant;

        Waiter(Admission admission, long order) {
            this.admission = admission;
            this.order = order;
        }
    }

    private record Key(String pool, UUID organization) {
    }

    /** The waiting requests of one organization for one pool, by project. */
    private static final class Organization {
        final Map<UUID, ArrayDeque<Waiter>> projects = new LinkedHashMap<>();
        long next;
    }

    /** Whether requests of this project wait for a slot of this pool: a newcomer then waits behind them. */
    boolean hasWaiting(String pool, UUID organization, UUID project) {
        if (waiters.isEmpty()) {
            return false;
        }
        Organization queued = organizations.get(new Key(pool, organization));
        if (queued == null) {
            return false;
        }
        synchronized (queued) {
            ArrayDeque<Waiter> waiting = queued.projects.get(project);
            return waiting != null && !waiting.isEmpty();
        }
    }

    /**
     * Puts a request at the end of its project's queue.
     *
     * @return -1 when it waits; else the length of the full queue it was not let into
     */
    int enqueue(Admission admission, int maxPerProject) {
        Caller caller = admission.caller();
        Key key = new Key(admission.endpoint().pool(), caller.organizationId());
        Organization queued = organizations.computeIfAbsent(key, k -> new Organization());
        synchronized (queued) {
            ArrayDeque<Waiter> waiting = queued.projects.computeIfAbsent(caller.projectId(), p -> new ArrayDeque<>());
            if (waiting.size() >= maxPerProject) {
                return waiting.size();
            }
            Waiter waiter = new Waiter(admission, queued.next++);
            waiting.addLast(waiter);
            waiters.put(admission.requestId(), waiter);
        }
        drain(key.pool(), key.organization());
        return -1;
    }

    /**
     * What to do when a waiting request gets its slot: start the job it became, or serve it.
     *
     * @return true when it waits still; false when it got its slot already (or left the queue)
     */
    boolean attach(Admission admission, Runnable onGrant) {
        Waiter waiter = waiters.get(admission.requestId());
        if (waiter == null) {
            return false;
        }
        Organization queued = organizations.get(new Key(admission.endpoint().pool(), admission.caller().organizationId()));
        if (queued == null) {
            return false;
        }
        synchronized (queued) {
            if (waiters.get(admission.requestId()) != waiter) {
                return false;
            }
            waiter.onGrant = onGrant;
            return true;
        }
    }

    /** How many requests of the same project wait ahead of {@code admission}; all of them if it waits no more. */
    int waitingAhead(Admission admission) {
        Organization queued = organizations.get(new Key(admission.endpoint().pool(),
                admission.caller().organizationId()));
        if (queued == null) {
            return 0;
        }
        synchronized (queued) {
            ArrayDeque<Waiter> waiting = queued.projects.get(admission.caller().projectId());
            if (waiting == null) {
                return 0;
            }
            int ahead = 0;
            for (Waiter waiter : waiting) {
                if (waiter.admission == admission) {
                    break;
                }
                ahead++;
            }
            return ahead;
        }
    }

    /** Takes a request out of its queue, if it waits; one given a slot meanwhile holds it. */
    void leave(Admission admission) {
        Waiter waiter = waiters.get(admission.requestId());
        if (waiter == null) {
            return;
        }
        Key key = new Key(admission.endpoint().pool(), admission.caller().organizationId());
        Organization queued = organizations.get(key);
        if (queued == null) {
            return;
        }
        synchronized (queued) {
            ArrayDeque<Waiter> waiting = queued.projects.get(admission.caller().projectId());
            if (waiting != null && waiting.remove(waiter)) {
                waiters.remove(admission.requestId());
                if (waiting.isEmpty()) {
                    queued.projects.remove(admission.caller().projectId());
                }
            }
        }
    }

    /** A slot of {@code pool} came free in {@code organization}: its waiting requests take what they can. */
    void slotFreed(String pool, UUID organization) {
        if (!waiters.isEmpty()) {
            drain(pool, organization);
        }
    }

    /** Tries every queue again: slots may have come free on other servers of a fleet. */
    void drainAll() {
        for (Key key : List.copyOf(organizations.keySet())) {
            drain(key.pool(), key.organization());
        }
    }

    private void drain(String pool, UUID organization) {
        Organization queued = organizations.get(new Key(pool, organization));
        if (queued == null) {
            return;
        }
        List<Waiter> granted = new ArrayList<>();
        synchronized (queued) {
            Set<UUID> full = new HashSet<>();
            while (true) {
                Waiter head = oldestHead(queued, full);
                if (head == null) {
                    break;
                }
                Caller caller = head.admission.caller();
                SlotLimit[] limits = caps.apply(caller, pool);
                SlotDecision slot;
                try {
                    slot = limitStore.acquireSlot(pool, limits[0], limits[1]);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Waiting jobs could not be given slots: " + e);
                    break;
                }
                if (slot.acquired()) {
                    settlement.slotTaken(pool);
                    settlement.admitted(slot.lease());
                    head.admission.grant(slot);
                    ArrayDeque<Waiter> waiting = queued.projects.get(caller.projectId());
                    waiting.removeFirst();
                    if (waiting.isEmpty()) {
                        queued.projects.remove(caller.projectId());
                    }
                    waiters.remove(head.admission.requestId());
                    granted.add(head);
                } else if (slot.refusedBy() == Level.PROJECT) {
                    full.add(caller.projectId());
                } else {
                    break;
                }
            }
            if (queued.projects.isEmpty()) {
                organizations.remove(new Key(pool, organization), queued);
            }
        }
        for (Waiter waiter : granted) {
            if (waiter.onGrant != null) {
                try {
                    waiter.onGrant.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Request " + waiter.admission.requestId()
                            + " got its slot but could not go on", e);
                }
            }
        }
    }

    private static Waiter oldestHead(Organization queued, Set<UUID> full) {
        Waiter oldest = null;
        for (Map.Entry<UUID, ArrayDeque<Waiter>> project : queued.projects.entrySet()) {
            Waiter head = project.getValue().peekFirst();
            if (head != null && !full.contains(project.getKey()) && (oldest == null || head.order < oldest.order)) {
                oldest = head;
            }
        }
        return oldest;
    }

    /** How long jobs of {@code pool} ran, for estimating a wait. */
    void ran(String pool, Duration runTime) {
        runTimes.computeIfAbsent(pool, p -> new RunTime()).add(runTime);
    }

    /**
     * How long a submit turned away from a full queue of {@code queued} jobs had better wait: the
     * jobs ahead of it, run {@code slots} at a time, each as long as the pool's jobs ran on average.
     */
    Duration estimatedWait(String pool, int queued, Integer slots, Duration least) {
        RunTime runTime = runTimes.get(pool);
        if (runTime == null) {
            return least;
        }
        long perJob = runTime.averageMillis();
        long atOnce = slots == null ? 1 : Math.max(1, slots);
        long rounds = (queued + atOnce) / atOnce;
        Duration wait = Duration.ofMillis(perJob * rounds);
        return wait.compareTo(least) < 0 ? least : wait;
    }

    /** The average run time of the last jobs of a pool, smoothed. */
    private static final class RunTime {
        private double averageMillis = -1;

        synchronized void add(Duration runTime) {
            long millis = runTime.toMillis();
            averageMillis = averageMillis < 0 ? millis : averageMillis * 0.8 + millis * 0.2;
        }

        synchronized long averageMillis() {
            return Math.round(averageMillis);
        }
    }

    int waiting() {
        return waiters.size();
    }
}
