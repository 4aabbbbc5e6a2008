package dev.speechmeter.internal.engine;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.testing.RecordingLedger;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;

/**
 * What every {@link LimitStore} must do, seen through the engine: one suite per kind of limit
 * extends this class, and every store runs each suite by extending it once more with
 * {@link #newStore}.
 */
public abstract class LimitStoreContract {

    private final List<EngineFixture> fixtures = new ArrayList<>();

    /** Makes a store for one engine. */
    @FunctionalInterface
    public interface Stores {
        LimitStore newStore(InstantSource clock, MeteringConfig config);
    }

    /** A fresh store whose buckets and leases go by {@code clock}. */
    protected abstract LimitStore newStore(InstantSource clock, MeteringConfig config);

    /** An engine on a fresh fake clock, its limits in a store of this suite. */
    EngineFixture fixture(MeteringConfig config) {
        EngineFixture fixture = new EngineFixture(config, this::newStore);
        fixtures.add(fixture);
        return fixture;
    }

    /** Likewise, checking the capacities {@code capacities} makes of the fixture's ledger. */
    EngineFixture fixture(Function<RecordingLedger, CapacityLedger> capacities) {
        EngineFixture fixture = new EngineFixture(MeteringConfig.defaults(), this::newStore, capacities);
        fixtures.add(fixture);
        return fixture;
    }

    EngineFixture fixture() {
        return fixture(MeteringConfig.defaults());
    }

    /** Checks what a store of this suite must have come to after a test; nothing to check by default. */
    protected void afterTest(LimitStore store) {
    }

    @AfterEach
    void closeStores() {
        for (EngineFixture fixture : fixtures) {
            try (LimitStore store = fixture.engine.limitStore()) {
                afterTest(store);
            }
        }
    }
}
