package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Everything settling a request does, in one place: once only, the slot it holds goes back to
 * the {@link LimitStore} (whatever happens next), then its entry is priced, made storable and
 * handed to the {@link UsageLedger}. Admissions settle through it; it calls nothing above the
 * engine.
 */
final class Settlement {

    private static final System.Logger LOG = System.getLogger(Settlement.class.getName());

    private final LimitStore limitStore;
    private final UsageLedger ledger;
    private final PriceTable prices;
    private final InstantSource clock;
    private final ConcurrencyHistoryStore history;
    /** Slots held on this server, per pool: the configured pools from the start, any other once used. */
    private final Map<String, AtomicInteger> heldSlots = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, UUID> onRelease = (pool, organization) -> { };

    Settlement(LimitStore limitStore, UsageLedger ledger, PriceTable prices, InstantSource clock,
               ConcurrencyHistoryStore history, List<String> pools) {
        pools.forEach(pool -> heldSlots.put(pool, new AtomicInteger()));
        this.limitStore = limitStore;
        this.ledger = ledger;
        this.prices = prices;
        this.clock = clock;
        this.history = history;
    }

    /**
     * Releases what the request holds, then records it: billed when {@code statusCode} is 2xx, as
     * a failed request otherwise. A temporary key's bound {@code client_reference_id} (or its
     * absence) replaces whatever the request said.
     *
     * @return true if this call settled the request, false if it had been settled before
     */
    boolean settle(Admission admission, int statusCode, Usage usage, String requestedReference) {
        if (!admission.claimSettlement()) {
            return false;
        }
        try {
            if (admission.admitted() && admission.slotDecision() != null) {
                SlotLease lease = admission.slotDecision().lease();
                release(lease);
                if (lease != null) {
                    recordRelease(lease);
                }
            }
        } finally {
            if (admission.endpoint().recorded()) {
                record(admission, statusCode, usage, requestedReference);
            }
        }
        return true;
    }

    private void record(Admission admission, int statusCode, Usage usage, String requestedReference) {
        TemporaryGrant grant = admission.caller().temporary();
        String clientReferenceId = grant != null ? grant.clientReferenceId() : requestedReference;
        boolean billable = statusCode >= 200 && statusCode < 300;
        ledger.record(StorableRecords.storable(new UsageRecord(admission.requestId(), admission.correlationId(),
                admission.caller(), admission.endpoint().requestScope(), admission.path(),
                admission.endpoint().method().wireName(), statusCode, clientReferenceId, admission.startTime(),
                clock.instant(), usage, billable ? prices.price(usage) : Costs.ZERO,
                admission.endpoint().labels())));
    }

    /**
     * A request was admitted holding {@code lease}: the history counts it until it settles. The
     * history is best effort: a store failing to record it never reaches the request.
     */
    void admitted(SlotLease lease) {
        if (lease != null) {
            try {
                history.admitted(lease);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "The concurrency history missed an admission to pool "
                        + lease.pool() + ": " + e);
            }
        }
    }

    private void recordRelease(SlotLease lease) {
        try {
            history.released(lease);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The concurrency history missed a release to pool "
                    + lease.pool() + ": " + e);
        }
    }

    /** A slot of {@code pool} was taken for a request; it is counted until released. */
    void slotTaken(String pool) {
        held(pool).incrementAndGet();
    }

    private AtomicInteger held(String pool) {
        AtomicInteger held = heldSlots.get(pool);
        return held != null ? held : heldSlots.computeIfAbsent(pool, any -> new AtomicInteger());
    }

    /** Gives a slot back to the store: when its request settles, or when a later check refused it. */
    void release(SlotLease lease) {
        if (lease != null) {
            held(lease.pool()).decrementAndGet();
            limitStore.releaseSlot(lease);
            onRelease.accept(lease.pool(), lease.organization());
        }
    }

    /** What to do once a slot is back in the store: give it to a request waiting for one. */
    void onRelease(BiConsumer<String, UUID> action) {
        this.onRelease = action;
    }

    int heldSlots() {
        return heldSlots.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Slots of {@code pool} held on this server right now. */
    int heldSlots(String pool) {
        AtomicInteger held = heldSlots.get(pool);
        return held == null ? 0 : held.get();
    }
}
