package dev.speechmeter.spi;

/**
 * The answer of {@link LimitStore#admit}: a request token and a pool slot, taken together or not
 * at all.
 *
 * <pre>{@code
 * LimitDecision decision = store.admit(organizationRate, projectRate, "transcribe", organizationSlot, projectSlot);
 * if (decision.admitted()) {
 *     try {
 *         serve();
 *     } finally {
 *         store.releaseSlot(decision.slot().lease());
 *     }
 * } else if (decision.rate() != null && !decision.rate().taken()) {
 *     refuseForRate(Duration.ofNanos(decision.rate().nanosToWait()));
 * } else {
 *     refuseForConcurrency(decision.slot().refusedBy());
 * }
 * }</pre>
 *
 * @param rate the request token's decision; null when neither level has a rate cap, so no token
 *             was asked for. When the slot was refused it says the rate admitted the request,
 *             but the token was not kept
 * @param slot the slot's decision; null when no pool was asked for, or when the rate refused
 *             before the slot was tried
 */
public record LimitDecision(RateDecision rate, SlotDecision slot) {

    /** Whether the request was admitted: a token taken (if asked for) and a slot acquired (if asked for). */
    public boolean admitted() {
        return (rate == null || rate.taken()) && (slot == null || slot.acquired());
    }
}
