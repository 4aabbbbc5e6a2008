package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.RateDecision;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.RateStanding;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.spi.SlotLimit;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits kept in this server's memory: Bucket4j buckets for request rates, counters for pool slots.
 * Exact for one server; the default store, and the fallback of a shared store that cannot be reached.
 *
 * <pre>{@code
 * LimitStore store = new LocalLimitStore(InstantSource.system(), 1_000_000);
 * MeteringEngine engine = MeteringEngine.create(config, directory, ledger, capacities, prices, store, clock);
 * }</pre>
 */
public final class LocalLimitStore implements LimitStore {

    private final InstantSource clock;
    private final RateLimiter rates;
    private final ConcurrencyPools pools = new ConcurrencyPools();
    private final Set<String> leases = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextLease = new AtomicLong();

    /**
     * @param clock      the time buckets refill by
     * @param maxBuckets most idle buckets kept per level before the least recently used is forgotten
     */
    public LocalLimitStore(InstantSource clock, long maxBuckets) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rates = new RateLimiter(clock, maxBuckets);
    }

    /**
     * The granted decision carries both buckets' standings as the decision left them, so that the
     * {@code RateLimit} fields of an admitted request need no second look at the buckets. The
     * decision reads the clock once, for both buckets and both cache lookups.
     */
    @Override
    public RateDecision takeRequest(RateLimit organization, RateLimit project) {
        long[] held = rates.holdTime();
        try {
            return take(organization, project);
        } finally {
            HeldTime.release(held);
        }
    }

    private RateDecision take(RateLimit organization, RateLimit project) {
        RateStanding organizationStanding = null;
        if (organization != null) {
            ConsumptionProbe probe = rates.tryTake(Level.ORGANIZATION, organization.owner(), organization.perMinute());
            if (!probe.isConsumed()) {
                // The project may be empty too: tell a wait after which both levels have room.
                long projectWait = project == null ? 0
                        : rates.nanosUntilAvailable(Level.PROJECT, project.owner(), project.perMinute());
                return RateDecision.refused(Level.ORGANIZATION, Math.max(probe.getNanosToWaitForRefill(), projectWait),
                        null, null);
            }
            organizationStanding = standing(probe);
        }
        RateStanding projectStanding = null;
        if (project != null) {
            ConsumptionProbe probe = rates.tryTake(Level.PROJECT, project.owner(), project.perMinute());
            if (!probe.isConsumed()) {
                if (organization != null) {
                    rates.giveBack(Level.ORGANIZATION, organization.owner(), organization.perMinute());
                }
                return RateDecision.refused(Level.PROJECT, probe.getNanosToWaitForRefill(), null, null);
            }
            projectStanding = standing(probe);
        }
        return RateDecision.granted(organizationStanding, projectStanding);
    }

    private static RateStanding standing(ConsumptionProbe taken) {
        return new RateStanding(taken.getRemainingTokens(), taken.getNanosToWaitForReset());
    }

    @Override
    public void giveBackRequest(RateLimit organization, RateLimit project) {
        if (organization != null) {
            rates.giveBack(Level.ORGANIZATION, organization.owner(), organization.perMinute());
        }
        if (project != null) {
            rates.giveBack(Level.PROJECT, project.owner(), project.perMinute());
        }
    }

    @Override
    public RateStanding rateStanding(Level level, RateLimit limit) {
        return new RateStanding(rates.available(level, limit.owner(), limit.perMinute()),
                rates.nanosUntilFull(level, limit.owner(), limit.perMinute()));
    }

    @Override
    public SlotDecision acquireSlot(String pool, SlotLimit organization, SlotLimit project) {
        int organizationHeld = pools.tryAcquire(Level.ORGANIZATION, organization.owner(), pool, organization.max());
        if (organizationHeld < 0) {
            return new SlotDecision(Level.ORGANIZATION, null, pools.current(Level.ORGANIZATION, organization.owner(), pool),
                    pools.current(Level.PROJECT, project.owner(), pool));
        }
        int projectHeld = pools.tryAcquire(Level.PROJECT, project.owner(), pool, project.max());
        if (projectHeld < 0) {
            pools.release(Level.ORGANIZATION, organization.owner(), pool);
            return new SlotDecision(Level.PROJECT, null, organizationHeld - 1,
                    pools.current(Level.PROJECT, project.owner(), pool));
        }
        SlotLease lease = new SlotLease(Long.toString(nextLease.incrementAndGet()), pool, organization.owner(),
                project.owner());
        leases.add(lease.id());
        return new SlotDecision(null, lease, organizationHeld, projectHeld);
    }

    @Override
    public void releaseSlot(SlotLease lease) {
        if (leases.remove(lease.id())) {
            pools.release(Level.PROJECT, lease.project(), lease.pool());
            pools.release(Level.ORGANIZATION, lease.organization(), lease.pool());
        }
    }

    @Override
    public int slotsInUse(Level level, UUID owner, String pool) {
        return pools.current(level, owner, pool);
    }

    @Override
    public String description() {
        return "local (this server's memory)";
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    /** Counters held right now across every pool and owner; zero once every slot is back. */
    public int heldSlotEntries() {
        return pools.entries();
    }

    /** Buckets not yet forgotten. */
    public long buckets() {
        return rates.size();
    }
}
