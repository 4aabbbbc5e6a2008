package dev.speechmeter.redis;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** One server of a fleet: an engine whose limits are in Redis. */
final class Node implements AutoCloseable {

    static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    static final MeteredEndpoint NO_POOL = new MeteredEndpoint("usage", null, "sync");

    final RedisLimitStore store;
    final MapKeyDirectory directory = new MapKeyDirectory();
    final MeteringEngine engine;

    private Node(RedisLimitStore store, InstantSource clock) {
        this.store = store;
        this.engine = MeteringEngine.create(MeteringConfig.defaults(), directory, new RecordingLedger(),
                CapacityLedger.NONE, PriceTable.FREE, store, clock);
    }

    /** A node on Redis's clock. */
    static Node onServerTime(RedisSettings settings) {
        return new Node(RedisLimitStore.create(settings, TestRedis.RENEWALS,
                new LocalLimitStore(InstantSource.system(), 1_000)), InstantSource.system());
    }

    /** A node whose buckets and leases go by {@code clock}. */
    static Node onClock(RedisSettings settings, InstantSource clock) {
        return onClock(settings, clock, TestRedis.RENEWALS);
    }

    /** A node whose buckets and leases go by {@code clock}, its leases renewed by {@code renewals}. */
    static Node onClock(RedisSettings settings, InstantSource clock, ScheduledExecutorService renewals) {
        return onClock(settings, clock, renewals, batch -> { });
    }

    /**
     * A node whose leases are renewed by {@code renewals}, running {@code beforeRenewal} with each
     * batch of leases between its taking and its renewal in Redis.
     */
    static Node onClock(RedisSettings settings, InstantSource clock, ScheduledExecutorService renewals,
                        Consumer<List<SlotLease>> beforeRenewal) {
        return new Node(RedisLimitStore.onClock(settings, clock, renewals, new LocalLimitStore(clock, 1_000),
                beforeRenewal), clock);
    }

    /** This node, once its store's first connection to Redis is up. */
    Node connected() {
        Eventually.connected(store);
        return this;
    }

    Admission admit(Caller caller, MeteredEndpoint endpoint) {
        return engine.admit(engine.newRequestId(), null, caller, endpoint, "/v1/transcriptions");
    }

    int projectSlots(Caller caller) {
        return engine.concurrency(caller).project().current().get("transcribe_concurrent");
    }

    int organizationSlots(Caller caller) {
        return engine.concurrency(caller).organization().current().get("transcribe_concurrent");
    }

    /** Stops as a crashed server would: no release, no more renewals. */
    @Override
    public void close() {
        store.close();
    }
}
