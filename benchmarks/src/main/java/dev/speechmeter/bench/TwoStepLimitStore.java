package dev.speechmeter.bench;

import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.RateDecision;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.RateStanding;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.spi.SlotLimit;
import java.time.Instant;
import java.util.UUID;

/**
 * Another store's every decision but {@link LimitStore#admit}, which is left to the interface's
 * default: a pooled admission takes the request token, then the slot, in two calls. On the Redis
 * store that is two scripts, as before the one admission script, for a comparison in one run.
 *
 * <pre>{@code
 * LimitStore twoScripts = new TwoStepLimitStore(redisStore);
 * }</pre>
 */
final class TwoStepLimitStore implements LimitStore {

    private final LimitStore store;

    TwoStepLimitStore(LimitStore store) {
        this.store = store;
    }

    @Override
    public RateDecision takeRequest(RateLimit organization, RateLimit project) {
        return store.takeRequest(organization, project);
    }

    @Override
    public void giveBackRequest(RateLimit organization, RateLimit project) {
        store.giveBackRequest(organization, project);
    }

    @Override
    public RateStanding rateStanding(Level level, RateLimit limit) {
        return store.rateStanding(level, limit);
    }

    @Override
    public SlotDecision acquireSlot(String pool, SlotLimit organization, SlotLimit project) {
        return store.acquireSlot(pool, organization, project);
    }

    @Override
    public void releaseSlot(SlotLease lease) {
        store.releaseSlot(lease);
    }

    @Override
    public int slotsInUse(Level level, UUID owner, String pool) {
        return store.slotsInUse(level, owner, pool);
    }

    @Override
    public ConcurrencyHistoryStore concurrencyHistory() {
        return store.concurrencyHistory();
    }

    @Override
    public Instant now() {
        return store.now();
    }
}
