package dev.speechmeter.websocket;

import dev.speechmeter.spi.Level;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.ErrorStyle;
import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.ErrorRenderers;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Every ending of a stream at once, from as many threads: the client's finish, its close, a
 * broken connection, an error of the endpoint and the idle timeout. Exactly one of them settles.
 */
class StreamEndingRaceTest {

    private static final int STREAMS = 50;
    private static final CloseReason GONE = new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "");
    private static final List<Consumer<MeteredStream>> ENDINGS = List.of(
            MeteredStream::finish,
            stream -> stream.closed(GONE),
            stream -> stream.failed(new IOException("Broken pipe")),
            stream -> stream.failed(new InvalidRequestException("body", "invalid", "Unknown control message.")),
            MeteredStream::check);

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.defaults()).keys(directory).ledger(ledger).prices(PriceTable.FREE).clock(clock).build().engine();
    private final StreamMetering metering = new StreamMetering(
            MeteringRuntime.of(engine, ErrorRenderers.of(ErrorStyle.SONIOX, null)), new ManualScheduler());
    private final ExecutorService threads = Executors.newFixedThreadPool(ENDINGS.size());

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @RepeatedTest(10)
    void exactlyOneEndingSettlesAndEverySlotComesBack() throws Exception {
        Limits unlimitedRate = Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited());
        Caller caller = directory.add(MeteredStreamTest.KEY, unlimitedRate, unlimitedRate);
        List<MeteredStream> streams = new ArrayList<>();
        List<FakeSession> sessions = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            FakeSession session = new FakeSession();
            MeteredStream stream = metering.open(session.session(), MeteredStreamTest.SCOPE, "transcribe");
            stream.configure(MeteredStreamTest.configuration(MeteredStreamTest.KEY));
            stream.audio(MeteredStreamTest.SECOND_OF_PCM);
            sessions.add(session);
            streams.add(stream);
        }
        assertThat(slotsInUse(caller)).as("one slot a stream, in the store").containsExactly(STREAMS, STREAMS);
        clock.advanceSeconds(20);

        for (MeteredStream stream : streams) {
            race(stream);
        }

        assertThat(ledger.records()).hasSize(STREAMS);
        for (MeteredStream stream : streams) {
            UsageRecord record = ledger.only(stream.requestId());
            assertThat(record.statusCode()).isIn(200, 400);
            assertThat(record.usage().inputAudioDurationMs()).isEqualTo(1_000);
        }
        assertThat(slotsInUse(caller)).as("every slot back in the store").containsExactly(0, 0);
        for (FakeSession session : sessions) {
            assertThat(session.closes()).as("closed once").hasSize(1);
            assertThat(session.sent().size()).as("at most one error message").isLessThanOrEqualTo(1);
        }
    }

    /** The transcribe slots the store counts for the caller's organization and project. */
    private List<Integer> slotsInUse(Caller caller) {
        LimitStore store = engine.limitStore();
        return List.of(store.slotsInUse(Level.ORGANIZATION, caller.organizationId(), "transcribe"),
                store.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe"));
    }

    private void race(MeteredStream stream) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (Consumer<MeteredStream> ending : ENDINGS) {
            done.add(threads.submit(() -> {
                start.await();
                ending.accept(stream);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(10, TimeUnit.SECONDS);
        }
    }
}
