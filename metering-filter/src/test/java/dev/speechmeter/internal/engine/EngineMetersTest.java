package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.RateDecision;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.RateStanding;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.spi.SlotLimit;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageUnavailableException;
import dev.speechmeter.testing.RecordedCapacities;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The refusals the engine counts that need more than HTTP to provoke: capacities, and what admission cannot reach. */
class EngineMetersTest {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    private static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync",
            STT);

    private final EngineFixture fixture = new EngineFixture();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aCapacityRefusalIsCountedWithItsLevel() {
        RecordedCapacities capacities = new RecordedCapacities(fixture.ledger);
        MeteringEngine engine = runtime().capacities(capacities).build().engine();
        Caller caller = fixture.caller(Limits.none(), Limits.none());
        capacities.setCapacity(CapacityOwner.organization(caller.organizationId()), STT, BillingPeriod.MONTH,
                Duration.ofSeconds(10));
        admit(engine, caller).settle(200, new Usage("stt", 0, 0, 10_000, 0, 0, 0), null);

        assertThat(admit(engine, caller).rejection().limit()).isEqualTo(Rejection.Limit.CAPACITY);

        assertThat(refused("capacity", "organization")).isEqualTo(1);
        assertThat(registry.get("speechmeter.requests.admitted").tags("scope", "transcribe_async", "pool", "transcribe")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aLedgerThatCannotMakeEntriesDurableIsCountedAsARefusal() {
        UsageLedger refusing = new UsageLedger() {
            @Override
            public void record(dev.speechmeter.spi.UsageRecord record) {
                throw new IllegalStateException("not accepting");
            }

            @Override
            public boolean accepting() {
                return false;
            }
        };
        MeteringEngine engine = runtime().ledger(refusing).build().engine();
        Caller caller = fixture.caller(Limits.none(), Limits.none());

        assertThatThrownBy(() -> admit(engine, caller)).isInstanceOf(UsageUnavailableException.class);

        assertThat(refused("usage_unavailable", "none")).isEqualTo(1);
    }

    @Test
    void limitsThatCannotBeReadAreCountedAsARefusal() {
        MeteringEngine engine = runtime().limits(new Unreachable()).build().engine();
        Caller caller = fixture.caller(Limits.none(), EngineFixture.rpm(10));

        assertThatThrownBy(() -> admit(engine, caller)).isInstanceOf(LimitStoreUnavailableException.class);

        assertThat(refused("limits_unavailable", "none")).isEqualTo(1);
        assertThat(registry.find("speechmeter.requests.admitted").counters()).isEmpty();
    }

    private MeteringRuntime.Builder runtime() {
        return MeteringRuntime.builder(MeteringConfig.builder().build()).keys(fixture.directory).ledger(fixture.ledger)
                .prices(PriceTable.FREE).clock(fixture.clock).meterRegistry(registry);
    }

    private static Admission admit(MeteringEngine engine, Caller caller) {
        return engine.admit(engine.newRequestId(), null, caller, TRANSCRIBE, "/v1/transcriptions");
    }

    private double refused(String limit, String level) {
        return registry.get("speechmeter.requests.refused").tags("scope", "transcribe_async", "pool", "transcribe",
                "limit", limit, "level", level).counter().count();
    }

    /** A shared store that cannot be reached, under the policy to refuse. */
    private static final class Unreachable implements LimitStore {

        private static LimitStoreUnavailableException down() {
            return new LimitStoreUnavailableException("The limit store cannot be reached", null);
        }

        @Override
        public RateDecision takeRequest(RateLimit organization, RateLimit project) {
            throw down();
        }

        @Override
        public void giveBackRequest(RateLimit organization, RateLimit project) {
            throw down();
        }

        @Override
        public RateStanding rateStanding(Level level, RateLimit limit) {
            throw down();
        }

        @Override
        public SlotDecision acquireSlot(String pool, SlotLimit organization, SlotLimit project) {
            throw down();
        }

        @Override
        public void releaseSlot(SlotLease lease) {
            throw down();
        }

        @Override
        public int slotsInUse(Level level, UUID owner, String pool) {
            throw down();
        }

        @Override
        public Instant now() {
            throw down();
        }
    }
}
