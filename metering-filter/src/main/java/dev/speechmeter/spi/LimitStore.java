package dev.speechmeter.spi;

import dev.speechmeter.spi.CapacityOwner.Level;
import java.time.Instant;
import java.util.UUID;

/**
 * Where the state of request-rate and concurrency limits lives: in this server's memory (the
 * default) or in a store that every server of a fleet shares, so that a limit holds for the fleet.
 *
 * <p>Every method that names both levels acts on both in one step, the organization first and the
 * project second: when one level refuses, nothing is kept at the other. Implementations are safe
 * for use by many threads at once.
 *
 * <pre>{@code
 * RateDecision rate = store.takeRequest(new RateLimit(organizationId, 100), new RateLimit(projectId, 10));
 * if (rate.taken()) {
 *     SlotDecision slot = store.acquireSlot("transcribe", new SlotLimit(organizationId, 10), new SlotLimit(projectId, 2));
 *     if (slot.acquired()) {
 *         try {
 *             serve();
 *         } finally {
 *             store.releaseSlot(slot.lease());
 *         }
 *     } else {
 *         store.giveBackRequest(new RateLimit(organizationId, 100), new RateLimit(projectId, 10));
 *     }
 * }
 * }</pre>
 */
public interface LimitStore extends AutoCloseable {

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

    /** Gives back the slots of an acquired lease at both levels; a lease released twice is released once. */
    void releaseSlot(SlotLease lease);

    /** Slots of {@code pool} held by {@code owner} right now, on every server the store serves. */
    int slotsInUse(Level level, UUID owner, String pool);

    /** The store's time, which every server sharing the store agrees on. */
    Instant now();

    /** Lets go of connections and background work; slots still held are left to expire. */
    @Override
    default void close() {
    }
}
