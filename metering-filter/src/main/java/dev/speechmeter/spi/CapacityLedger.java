package dev.speechmeter.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Capacities per billing period: how many seconds of audio an organization or a
 * project may have processed for a {@link LabelSet} in a {@link BillingPeriod}, the extensions
 * that raise a capacity within one period, and what was consumed. A capacity's labels name one,
 * two or all three of technology, vendor and operation; it applies to every request whose labels
 * include them ({@link LabelSet#appliesTo}), and its consumption sums every label set it applies to.
 *
 * <p>Consumption is not debited here: the {@link UsageLedger} debits it when it stores a billed
 * entry that carries labels, in the same transaction, so a request is debited exactly when it is
 * billed. A store keeps consumption for every period of the label sets it sees, whether or not a
 * capacity is set, so a capacity set in the middle of a period counts what the period already used.
 *
 * <pre>{@code
 * LabelSet stt = new LabelSet("speech_to_text", "sample", "transcribe");
 * capacities.setCapacity(CapacityOwner.project(projectId), stt, BillingPeriod.MONTH, Duration.ofHours(100));
 * capacities.setCapacity(CapacityOwner.project(projectId), stt, BillingPeriod.DAY, Duration.ofHours(10));
 * capacities.extend(CapacityOwner.project(projectId), stt, BillingPeriod.DAY, Duration.ofHours(2), clock.instant());
 * capacities.setCapacity(CapacityOwner.organization(organizationId), LabelSet.technology("speech_to_text"),
 *         BillingPeriod.MONTH, Duration.ofHours(1000));
 * boolean room = capacities.standings(organizationId, projectId, stt, clock.instant()).stream()
 *         .allMatch(CapacityStanding::hasRemainingCapacity);
 * }</pre>
 */
public interface CapacityLedger {

    /** No capacities at all: every label set has room. */
    CapacityLedger NONE = new CapacityLedger() {
        @Override
        public List<CapacityStanding> standings(UUID organizationId, UUID projectId, LabelSet labels, Instant at) {
            return List.of();
        }

        @Override
        public List<CapacityStanding> standings(UUID organizationId, UUID projectId, Instant at) {
            return List.of();
        }

        @Override
        public List<CapacityStanding> standings(CapacityOwner owner, Instant at) {
            return List.of();
        }

        @Override
        public List<Consumption> consumptions(UUID organizationId, UUID projectId) {
            return List.of();
        }

        @Override
        public void setCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration capacity) {
            throw new UnsupportedOperationException("This deployment keeps no capacities");
        }

        @Override
        public boolean removeCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period) {
            return false;
        }

        @Override
        public boolean extend(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration extra, Instant at) {
            return false;
        }
    };

    /**
     * Where every capacity of the organization and of the project that applies to a request on
     * {@code labels} (all three named) stands in the period that holds {@code at}: organization
     * first, then project, by labels, longer periods first; each capacity with the labels it was set
     * with. Empty when none applies: the request is then not limited.
     */
    List<CapacityStanding> standings(UUID organizationId, UUID projectId, LabelSet labels, Instant at);

    /** Like {@link #standings(UUID, UUID, LabelSet, Instant)}, for every capacity of the two owners. */
    List<CapacityStanding> standings(UUID organizationId, UUID projectId, Instant at);

    /** Every capacity of one owner, in its current period: for managing them. */
    List<CapacityStanding> standings(CapacityOwner owner, Instant at);

    /**
     * All-time consumption: the organization's (all its projects), then the project's; per label
     * set billed and per labels of each of the owner's capacities, summing what it applies to.
     */
    List<Consumption> consumptions(UUID organizationId, UUID projectId);

    /**
     * Sets, or replaces, the capacity of an owner on a label set for a period.
     *
     * @param capacity whole seconds of audio, 0 or more
     * @throws IllegalArgumentException when {@code capacity} is negative or has a fraction of a
     *                                  second: it is refused, never rounded
     */
    void setCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration capacity);

    /** @return false when there was no such capacity */
    boolean removeCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period);

    /**
     * Raises a capacity by {@code extra} for the period that holds {@code at} only; the next
     * period starts at the capacity again. Extending twice adds up. {@code extra} is whole seconds
     * above 0; anything else is an {@link IllegalArgumentException}.
     *
     * @return false when there is no such capacity to extend
     */
    boolean extend(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration extra, Instant at);
}
