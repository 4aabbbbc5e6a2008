package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.ConcurrencyReport;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@code current} counts of {@code GET /v1/concurrency-limits} and the concurrency refusals
 * say the same thing on one server and on a fleet: the same scenario, slots held on one server
 * and looked at from another (the same one when there is only one), gives the same figures and
 * the same refusals, and a refusal comes exactly when the report shows a level at its cap.
 */
class ConcurrencyFiguresTest {

    private static final Limits UNLIMITED_RATE = Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited());
    private static final String TRANSCRIBE_CONCURRENT = Limits.concurrent("transcribe");

    private final FakeClock clock = new FakeClock();

    @Test
    void oneServerAndAFleetShowAndRefuseAlike() {
        MeteringEngine alone = engine(new LocalLimitStore(clock, 1_000));
        List<String> oneServer = scenario(alone, alone);

        List<String> fleet;
        try (Node holder = Node.onClock(TestRedis.shared().settings(), clock).connected();
             Node looker = Node.onClock(TestRedis.shared().settings(), clock).connected()) {
            fleet = scenario(holder.engine, looker.engine);
            assertThat(holder.store.fallbacks() + looker.store.fallbacks()).as("decisions without Redis").isZero();
        }

        assertThat(oneServer).containsExactly(
                "project current 2 of 2, organization 2 of 3: refused, Concurrent transcription limit has been "
                        + "exceeded for your project.",
                "sibling current 1 of 2, organization 3 of 3: refused, Concurrent transcription limit has been "
                        + "exceeded for your organization.",
                "project current 0 of 2, organization 0 of 3: admitted");
        assertThat(fleet).isEqualTo(oneServer);
    }

    /**
     * Holds slots through {@code holder} and reads the figures and the answer to one more request
     * through {@code looker}, at three moments: the project full, the organization full, all released.
     */
    private static List<String> scenario(MeteringEngine holder, MeteringEngine looker) {
        UUID organization = UUID.randomUUID();
        Limits organizationLimits = UNLIMITED_RATE.with(TRANSCRIBE_CONCURRENT, Cap.atMost(3));
        Limits projectLimits = UNLIMITED_RATE.with(TRANSCRIBE_CONCURRENT, Cap.atMost(2));
        Caller project = new Caller(UUID.randomUUID(), UUID.randomUUID(), organization, organizationLimits,
                projectLimits);
        Caller sibling = new Caller(UUID.randomUUID(), UUID.randomUUID(), organization, organizationLimits,
                projectLimits);
        List<Admission> held = new ArrayList<>();
        List<String> seen = new ArrayList<>();

        held.add(admitted(holder, project));
        held.add(admitted(holder, project));
        seen.add("project " + figures(looker, project) + ": " + answer(looker, project));
        held.add(admitted(holder, sibling));
        seen.add("sibling " + figures(looker, sibling) + ": " + answer(looker, sibling));
        held.forEach(admission -> admission.settle(200, Usage.NONE, null));
        seen.add("project " + figures(looker, project) + ": " + answer(looker, project));
        return seen;
    }

    private static Admission admitted(MeteringEngine engine, Caller caller) {
        Admission admission = engine.admit(engine.newRequestId(), null, caller, Node.TRANSCRIBE, "/v1/transcriptions");
        assertThat(admission.admitted()).isTrue();
        return admission;
    }

    /** What {@code GET /v1/concurrency-limits} would show of the transcribe pool. */
    private static String figures(MeteringEngine engine, Caller caller) {
        ConcurrencyReport report = engine.concurrency(caller);
        return "current " + report.project().current().get(TRANSCRIBE_CONCURRENT) + " of "
                + report.project().limits().get(TRANSCRIBE_CONCURRENT) + ", organization "
                + report.organization().current().get(TRANSCRIBE_CONCURRENT) + " of "
                + report.organization().limits().get(TRANSCRIBE_CONCURRENT);
    }

    /** The answer to one more transcription, given back at once if admitted. */
    private static String answer(MeteringEngine engine, Caller caller) {
        Admission admission = engine.admit(engine.newRequestId(), null, caller, Node.TRANSCRIBE, "/v1/transcriptions");
        if (admission.admitted()) {
            admission.settle(200, Usage.NONE, null);
            return "admitted";
        }
        return "refused, " + admission.rejection().message();
    }

    private MeteringEngine engine(LocalLimitStore store) {
        return MeteringEngine.create(MeteringConfig.defaults(), new MapKeyDirectory(), new RecordingLedger(),
                CapacityLedger.NONE, PriceTable.FREE, store, clock);
    }
}
