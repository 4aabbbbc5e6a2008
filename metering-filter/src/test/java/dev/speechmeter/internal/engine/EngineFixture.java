package dev.speechmeter.internal.engine;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.util.UUID;
import java.util.function.Function;

/** An engine on a fake clock with an in-memory directory and ledger. */
public final class EngineFixture {

    static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    static final MeteredEndpoint TTS = new MeteredEndpoint("tts_rest", "tts", "sync");
    static final MeteredEndpoint NO_POOL = new MeteredEndpoint("usage", null, "sync");

    final FakeClock clock = new FakeClock();
    final MapKeyDirectory directory = new MapKeyDirectory();
    final RecordingLedger ledger = new RecordingLedger();
    final MeteringEngine engine;

    EngineFixture() {
        this(MeteringConfig.builder().build());
    }

    EngineFixture(MeteringConfig config) {
        this(config, PriceTable.FREE);
    }

    EngineFixture(MeteringConfig config, PriceTable prices) {
        this.engine = MeteringRuntime.builder(config).keys(directory).ledger(ledger).prices(prices).clock(clock).build().engine();
    }

    /** An engine whose limits live in the store {@code stores} makes on this fixture's clock. */
    EngineFixture(MeteringConfig config, LimitStoreContract.Stores stores) {
        this(config, stores, ledger -> CapacityLedger.NONE);
    }

    /** Likewise, checking the capacities {@code capacities} makes of this fixture's ledger. */
    EngineFixture(MeteringConfig config, LimitStoreContract.Stores stores,
                  Function<RecordingLedger, CapacityLedger> capacities) {
        this.engine = MeteringEngine.create(config, directory, ledger, capacities.apply(ledger), PriceTable.FREE,
                stores.newStore(clock, config), clock);
    }

    static Limits limits(String name, int max) {
        return Limits.none().with(name, Cap.atMost(max));
    }

    static Limits rpm(int max) {
        return limits(Limits.REQUESTS_PER_MINUTE, max);
    }

    Caller caller(Limits organization, Limits project) {
        return directory.add(UUID.randomUUID().toString(), organization, project);
    }

    Admission admit(Caller caller, MeteredEndpoint endpoint) {
        return engine.admit(engine.newRequestId(), null, caller, endpoint, "/v1/transcriptions");
    }

    Admission admit(Caller caller) {
        return admit(caller, NO_POOL);
    }

    static void ok(Admission admission) {
        admission.settle(200, Usage.NONE, null);
    }
}
