package dev.speechmeter.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One capacity in its current period: what it allows (extensions included) and what was
 * consumed, as {@code GET /api/billing/capacities} shows it.
 *
 * @param owner    whose capacity
 * @param labels   the label set it limits
 * @param period   its period
 * @param window   the period in force
 * @param capacity processed audio allowed in the window, extensions included
 * @param extended whether an extension raised it for this window
 * @param consumed processed audio consumed in the window
 */
public record CapacityStanding(CapacityOwner owner, LabelSet labels, BillingPeriod period, BillingPeriod.Window window,
                               Duration capacity, boolean extended, Duration consumed) {

    public CapacityStanding {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(consumed, "consumed");
    }

    /** Whether a request on these labels may start: consumption is still below the capacity. */
    public boolean hasRemainingCapacity() {
        return consumed.compareTo(capacity) < 0;
    }
}
