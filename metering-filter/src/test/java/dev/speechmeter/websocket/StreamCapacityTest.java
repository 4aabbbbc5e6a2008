package dev.speechmeter.websocket;

import dev.speechmeter.spi.Level;
import static dev.speechmeter.websocket.MeteredStreamTest.KEY;
import static dev.speechmeter.websocket.MeteredStreamTest.SCOPE;
import static dev.speechmeter.websocket.MeteredStreamTest.SECOND_OF_PCM;
import static dev.speechmeter.websocket.MeteredStreamTest.assertError;
import static dev.speechmeter.websocket.MeteredStreamTest.configuration;
import static dev.speechmeter.websocket.MeteredStreamTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.ErrorStyle;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.ErrorRenderers;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordedCapacities;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream opened with capacity labels draws on their capacities like a request does. */
class StreamCapacityTest {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final RecordedCapacities capacities = new RecordedCapacities(ledger);
    private final MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.defaults()).keys(directory).ledger(ledger).capacities(capacities).prices(PriceTable.FREE).clock(clock).build().engine();
    private final StreamMetering metering = new StreamMetering(
            MeteringRuntime.of(engine, ErrorRenderers.of(ErrorStyle.SONIOX, null)), new ManualScheduler());
    private final Caller caller = directory.add(KEY, Limits.none(), Limits.none());

    @Test
    void theAudioOfAStreamIsDebitedAndTheNextStreamIsRefusedOnceTheCapacityIsUsedUp() {
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.MINUTE,
                Duration.ofSeconds(2));
        FakeSession first = new FakeSession();
        MeteredStream stream = metering.open(first.session(), SCOPE, "transcribe", STT);
        assertThat(stream.configure(configuration(KEY))).isNotNull();
        assertThat(slotsInUse()).as("organization and project slots while the stream is open").containsExactly(1, 1);
        stream.audio(ByteBuffer.allocate(2 * SECOND_OF_PCM));
        stream.finish();
        stream.closed(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        assertThat(ledger.only(stream.requestId()).debitMs()).isEqualTo(2_000);
        assertThat(slotsInUse()).as("organization and project slots once it has ended").containsExactly(0, 0);

        FakeSession second = new FakeSession();
        MeteredStream refused = metering.open(second.session(), SCOPE, "transcribe", STT);

        assertThat(refused.configure(configuration(KEY))).isNull();
        assertError(second, 429, "limit_exceeded");
        assertThat(json(second.sent().get(0)).getString("error_message"))
                .startsWith("Usage limit exceeded for your project");
        assertThat(second.closes()).extracting(CloseReason::getCloseCode)
                .containsExactly(CloseReason.CloseCodes.TRY_AGAIN_LATER);
        assertThat(slotsInUse()).as("the refusal gave back the slot it took").containsExactly(0, 0);
    }

    /** The transcribe slots the store counts for the caller's organization and project. */
    private List<Integer> slotsInUse() {
        return List.of(
                engine.limitStore().slotsInUse(Level.ORGANIZATION, caller.organizationId(), "transcribe"),
                engine.limitStore().slotsInUse(Level.PROJECT, caller.projectId(), "transcribe"));
    }
}
