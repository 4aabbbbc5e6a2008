package dev.speechmeter.testing;

import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.Consumption;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Capacities in memory whose consumption is summed from what a {@link RecordingLedger} was
 * given, the way a store debits what its usage ledger stores. Enough for tests of the engine and
 * its doors; the stores have their own contract tests.
 */
public final class RecordedCapacities implements CapacityLedger {

    private final RecordingLedger ledger;
    private final Map<Key, Duration> capacities = new ConcurrentHashMap<>();
    private final Map<Extension, Duration> extensions = new ConcurrentHashMap<>();

    public RecordedCapacities(RecordingLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public List<CapacityStanding> standings(UUID organizationId, UUID projectId, LabelSet labels, Instant at) {
        return standings(organizationId, projectId, at).stream().filter(s -> s.labels().appliesTo(labels)).toList();
    }

    @Override
    public List<CapacityStanding> standings(UUID organizationId, UUID projectId, Instant at) {
        List<CapacityStanding> standings = new ArrayList<>();
        for (CapacityOwner owner : List.of(CapacityOwner.organization(organizationId), CapacityOwner.project(projectId))) {
            capacities.entrySet().stream().filter(e -> e.getKey().owner().equals(owner))
                    .sorted(Map.Entry.comparingByKey((a, b) -> a.period().compareTo(b.period())))
                    .forEach(e -> standings.add(standing(e.getKey(), e.getValue(), at)));
        }
        return standings;
    }

    @Override
    public List<CapacityStanding> standings(CapacityOwner owner, Instant at) {
        return capacities.entrySet().stream().filter(e -> e.getKey().owner().equals(owner))
                .map(e -> standing(e.getKey(), e.getValue(), at)).toList();
    }

    private CapacityStanding standing(Key key, Duration capacity, Instant at) {
        BillingPeriod.Window window = key.period().windowAt(at);
        Duration extra = extensions.getOrDefault(new Extension(key, window.start()), Duration.ZERO);
        long consumed = ledger.records().stream()
                .filter(r -> r.labels() != null && key.labels().appliesTo(r.labels()) && owns(key.owner(), r)
                        && window.contains(r.endTime()))
                .mapToLong(UsageRecord::debitMs).sum();
        return new CapacityStanding(key.owner(), key.labels(), key.period(), window, capacity.plus(extra),
                !extra.isZero(), Duration.ofMillis(consumed));
    }

    private static boolean owns(CapacityOwner owner, UsageRecord record) {
        return owner.level() == Level.ORGANIZATION
                ? record.caller().organizationId().equals(owner.id()) : record.caller().projectId().equals(owner.id());
    }

    @Override
    public List<Consumption> consumptions(UUID organizationId, UUID projectId) {
        throw new UnsupportedOperationException("not needed by the tests that use this");
    }

    @Override
    public void setCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration capacity) {
        capacities.put(new Key(owner, labels, period), capacity);
    }

    @Override
    public boolean removeCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period) {
        return capacities.remove(new Key(owner, labels, period)) != null;
    }

    @Override
    public boolean extend(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration extra, Instant at) {
        Key key = new Key(owner, labels, period);
        if (!capacities.containsKey(key)) {
            return false;
        }
        extensions.merge(new Extension(key, period.windowAt(at).start()), extra, Duration::plus);
        return true;
    }

    private record Key(CapacityOwner owner, LabelSet labels, BillingPeriod period) {
    }

    private record Extension(Key key, Instant periodStart) {
    }
}
