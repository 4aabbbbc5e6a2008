package dev.speechmeter.spi;

import dev.speechmeter.internal.engine.LocalLimitStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where the state of request-rate and concurrency limits lives: in this server's memory (the
 * default) or in a store that every server of a fleet shares, so that a limit holds for the fleet.
 *
 * <p>Every method that names both levels acts on both in one step, the organization first and the
 * project second: when one level refuses, nothing is kept at the other. Implementations are safe
 * for use by many threads at once.
 *
 * <p>An admission asks for a request token and a slot of the endpoint's pool with {@link #admit},
 * so that a shared store can decide both in one round trip:
 *
 * <pre>{@code
 * RateLimit organizationRate = new RateLimit(organizationId, 100);
 * RateLimit projectRate = new RateLimit(projectId, 10);
 * LimitDecision decision = store.admit(organizationRate, projectRate,
 *         "transcribe", new SlotLimit(organizationId, 10), new SlotLimit(projectId, 2));
 * if (decision.admitted()) {
 *     try {
 *         serve();
 *     } finally {
 *         store.releaseSlot(decision.slot().lease());
 *     }
 * }
 * }</pre>
 *
 * <p>A later check that refuses the request gives back what the admission took:
 * {@link #releaseSlot} and {@link #giveBackRequest}.
 */
public interface LimitStore extends AutoCloseable {

    /**
     * The store of this server's memory, the default: every limit holds per server. Its buckets
     * and slots are kept in bounded caches.
     *
     * <pre>{@code
     * LimitStore store = LimitStore.local(InstantSource.system(), 1_000_000);
     * }</pre>
     *
     * @param clock      the time buckets refill and leases run by
     * @param maxBuckets the most request-rate buckets kept at once; the least recently used go first
     */
    static LimitStore local(InstantSource clock, long maxBuckets) {
        return new LocalLimitStore(clock, maxBuckets);
    }

    /**
     * Takes one request token at both levels, or at neither.
     *
     * @param organization the organization's cap, null when it has none
     * @param project      the project's cap, null when it has none
     * @return taken, or refused by the first level without a token, with the wait after which
     *         both levels would admit the request
     * @throws LimitStoreUnavailableException when the store cannot be reached and its policy is to refuse
     */
    RateDecision takeRequest(RateLimit organization, RateLimit project);

    /** Gives back a token taken by {@link #takeRequest} for a request that a later check refused. */
    void giveBackRequest(RateLimit organization, RateLimit project);

    /** Where one level's bucket stands now, without taking anything. */
    RateStanding rateStanding(Level level, RateLimit limit);

    /**
     * Takes a slot of {@code pool} at both levels, or at neither. A null cap counts the slot
     * without limiting it.
     *
     * @throws LimitStoreUnavailableException when the store cannot be reached and its policy is to refuse
     */
    SlotDecision acquireSlot(String pool, SlotLimit organization, SlotLimit project);

    /**
     * Takes a request token at both levels and a slot of {@code pool} at both levels, all or
     * nothing: when the rate refuses no slot is taken, and when the pool refuses no token is kept.
     * The token is asked for first, as by {@link #takeRequest}, then the slot, as by
     * {@link #acquireSlot}.
     *
     * <p>This default asks for the two one after the other and gives the token back when the slot
     * is refused or cannot be asked for. A shared store overrides it to decide both in one step.
     *
     * @param organizationRate the organization's rate cap, null when it has none
     * @param projectRate      the project's rate cap, null when it has none; with both null no token is taken
     * @param pool             the endpoint's pool, null when it has none (then the slot caps are not read)
     * @param organizationSlot the organization's cap on {@code pool}
     * @param projectSlot      the project's cap on {@code pool}
     * @throws LimitStoreUnavailableException when the store cannot be reached and its policy is to refuse;
     *                                        nothing is kept then
     */
    default LimitDecision admit(RateLimit organizationRate, RateLimit projectRate,
                                String pool, SlotLimit organizationSlot, SlotLimit projectSlot) {
        boolean rated = organizationRate != null || projectRate != null;
        RateDecision rate = rated ? takeRequest(organizationRate, projectRate) : null;
        if (pool == null || (rate != null && !rate.taken())) {
            return new LimitDecision(rate, null);
        }
        SlotDecision slot;
        try {
            slot = acquireSlot(pool, organizationSlot, projectSlot);
        } catch (RuntimeException e) {
            if (rated) {
                giveBackRequest(organizationRate, projectRate);
            }
            throw e;
        }
        if (!slot.acquired() && rated) {
            giveBackRequest(organizationRate, projectRate);
        }
        return new LimitDecision(rate, slot);
    }

    /**
     * Like {@link #admit}, for a request that a check after this one (a capacity) may still
     * refuse. A store that keeps the {@linkplain #concurrencyHistory() concurrency history} as it
     * takes slots records such an admission only once the engine confirms it with
     * {@link ConcurrencyHistoryStore#admitted}; a slot given back before that leaves no trace in the
     * history. This default is {@link #admit}.
     */
    default LimitDecision admitProvisionally(RateLimit organizationRate, RateLimit projectRate,
                                             String pool, SlotLimit organizationSlot, SlotLimit projectSlot) {
        return admit(organizationRate, projectRate, pool, organizationSlot, projectSlot);
    }

    /** Gives back the slots of an acquired lease at both levels; a lease released twice is released once. */
    void releaseSlot(SlotLease lease);

    /** Slots of {@code pool} held by {@code owner} right now, on every server the store serves. */
    int slotsInUse(Level level, UUID owner, String pool);

    /**
     * Slots in use of each of {@code pools} by {@code organization} and by its {@code project},
     * read in one step: on a shared store, one snapshot of the fleet and one round trip. The
     * default reads them one by one with {@link #slotsInUse}.
     *
     * @return one entry per pool, in the order of {@code pools}
     */
    default List<PoolUse> poolUse(UUID organization, UUID project, List<String> pools) {
        List<PoolUse> uses = new ArrayList<>(pools.size());
        for (String pool : pools) {
            uses.add(new PoolUse(pool, slotsInUse(Level.ORGANIZATION, organization, pool),
                    slotsInUse(Level.PROJECT, project, pool)));
        }
        return uses;
    }

    /**
     * The concurrency history this store keeps for every server it serves, recorded as it takes
     * and gives back slots; null, the default, when it keeps none: then each server keeps its own
     * in memory ({@link ConcurrencyHistoryStore#inMemory}).
     */
    default ConcurrencyHistoryStore concurrencyHistory() {
        return null;
    }

    /** The store's time, which every server sharing the store agrees on. */
    Instant now();

    /**
     * Where the store keeps its state, in a few words for the start-up log, such as
     * {@code local (this server's memory)}. Never a password or any other secret.
     */
    default String description() {
        return getClass().getSimpleName();
    }

    /** Lets go of connections and background work; slots still held are left to expire. */
    @Override
    default void close() {
    }
}
