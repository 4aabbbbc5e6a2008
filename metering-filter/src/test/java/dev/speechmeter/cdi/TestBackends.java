package dev.speechmeter.cdi;

import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordedCapacities;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;
import java.time.InstantSource;

/** What a backend and a servlet container would give the beans under test. */
@ApplicationScoped
public class TestBackends {

    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final FakeClock clock = new FakeClock();
    private final RecordedCapacities capacities = new RecordedCapacities(ledger);

    @Produces
    KeyDirectory directory() {
        return directory;
    }

    @Produces
    UsageLedger ledger() {
        return ledger;
    }

    @Produces
    CapacityLedger capacities() {
        return capacities;
    }

    @Produces
    InstantSource clock() {
        return clock;
    }

    @Produces
    @RequestScoped
    HttpServletRequest request() {
        return FakeHttpRequest.create();
    }
}
