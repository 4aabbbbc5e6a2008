package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.RateDecision;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.spi.Usage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.UUID;


/**
 * The engine's answer for one request: admitted, holding what it took (a concurrency slot), or
 * refused with a {@link Rejection}. Either way the adapter calls {@link #settle} exactly when the
 * response is complete, on every path; calls after the first do nothing.
 *
 * <pre>{@code
 * Admission admission = engine.admit(requestId, correlationId, caller, endpoint, path);
 * if (!admission.admitted()) {
 *     admission.settle(429, Usage.NONE, null);
 *     return tooManyRequests(admission.rejection());
 * }
 * try {
 *     chain.doFilter(request, response);
 * } finally {
 *     admission.settle(response.getStatus(), usage.snapshot(), usage.clientReferenceId());
 * }
 * }</pre>
 */
public final class Admission {

    private final Settlement settlement;
    private final UUID requestId;
    private final String correlationId;
    private final Caller caller;
    private final MeteredEndpoint endpoint;
    private final String path;
    private final Instant startTime;
    private final Rejection rejection;
    private final RateDecision rateDecision;
    private volatile SlotDecision slotDecision;
    private final Rejection waiting;
    private static final VarHandle SETTLED;

    static {
        try {
            SETTLED = MethodHandles.lookup().findVarHandle(Admission.class, "settled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // written through SETTLED
    private volatile boolean settled;

    Admission(Settlement settlement, UUID requestId, String correlationId, Caller caller,
              MeteredEndpoint endpoint, String path, Instant startTime, Rejection rejection,
              RateDecision rateDecision, SlotDecision slotDecision, Rejection waiting) {
        this.settlement = settlement;
        this.requestId = requestId;
        this.correlationId = correlationId;
        this.caller = caller;
        this.endpoint = endpoint;
        this.path = path;
        this.startTime = startTime;
        this.rejection = rejection;
        this.rateDecision = rateDecision;
        this.slotDecision = slotDecision;
        this.waiting = waiting;
    }

    public boolean admitted() {
        return rejection == null;
    }

    /**
     * Whether the request was admitted to wait for a slot of its pool, which was full, and has not
     * got one yet: it may only become a job ({@code queue=jobs}).
     */
    public boolean queued() {
        return waiting != null && slotDecision == null;
    }

    /** The refusal a request waiting for a slot would have got without the queue; null for any other. */
    public Rejection waitingFor() {
        return waiting;
    }

    /** A slot came free for the request waiting for one: it holds it from now on. */
    void grant(SlotDecision slot) {
        this.slotDecision = slot;
    }

    /** Why the request was refused; null when it was admitted. */
    public Rejection rejection() {
        return rejection;
    }

    public UUID requestId() {
        return requestId;
    }

    public Caller caller() {
        return caller;
    }

    public MeteredEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Releases what the request holds, then records it: billed when {@code statusCode} is 2xx,
     * as a failed request otherwise. Only the first call counts.
     *
     * @return true if this call settled the request, false if it had been settled before
     */
    public boolean settle(int statusCode, Usage usage, String clientReferenceId) {
        return settlement.settle(this, statusCode, usage, clientReferenceId);
    }

    /** True for the one caller that gets to settle this request; false for every later one. */
    boolean claimSettlement() {
        return SETTLED.compareAndSet(this, false, true);
    }

    /**
     * When the request must end: a temporary key's longest session after the request began;
     * null when nothing caps it.
     */
    public Instant sessionDeadline() {
        TemporaryGrant grant = caller.temporary();
        return grant == null || grant.maxSession() == null ? null : startTime.plus(grant.maxSession());
    }

    public boolean settled() {
        return settled;
    }

    /** What the store answered for the request rate of an admitted request; null otherwise. */
    RateDecision rateDecision() {
        return rateDecision;
    }

    /** The slot an admitted request holds; null when it holds none. */
    SlotDecision slotDecision() {
        return slotDecision;
    }

    String correlationId() {
        return correlationId;
    }

    /** The path the request was admitted at. */
    public String path() {
        return path;
    }

    Instant startTime() {
        return startTime;
    }
}
