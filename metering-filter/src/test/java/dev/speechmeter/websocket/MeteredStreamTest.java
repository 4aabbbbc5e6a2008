package dev.speechmeter.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ErrorStyle;
import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.ConcurrencyReport;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.ErrorRenderers;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One stream from its opening to its usage entry, on a fake clock and a fake session: every
 * ending releases the slot and records the stream once.
 */
class MeteredStreamTest {

    static final String KEY = "sm_stream-test-key-0123456789abcdefghij";
    static final String SCOPE = "transcribe_websocket";
    /** One second of 16 kHz mono 16-bit PCM. */
    static final int SECOND_OF_PCM = 32_000;

    final FakeClock clock = new FakeClock();
    final MapKeyDirectory directory = new MapKeyDirectory();
    final RecordingLedger ledger = new RecordingLedger();
    final ManualScheduler scheduler = new ManualScheduler();
    final MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.defaults()).keys(directory).ledger(ledger).prices(PriceTable.FREE).clock(clock).build().engine();
    final StreamMetering metering = new StreamMetering(
            MeteringRuntime.of(engine, ErrorRenderers.of(ErrorStyle.SONIOX, null)), scheduler);
    final Caller caller = directory.add(KEY, Limits.none(),
            Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(2)));

    static String configuration(String key) {
        return "{\"api_key\": \"" + key + "\", \"model\": \"stt-rt-sample\", \"client_reference_id\": \"call-7\","
                + " \"audio_format\": \"pcm_s16le\", \"sample_rate\": 16000, \"num_channels\": 1,"
                + " \"language_hints\": [\"en\"]}";
    }

    MeteredStream open(FakeSession session) {
        return metering.open(session.session(), SCOPE, "transcribe");
    }

    MeteredStream configured(FakeSession session) {
        MeteredStream stream = open(session);
        assertThat(stream.configure(configuration(KEY))).isNotNull();
        return stream;
    }

    int slotsInUse() {
        return slotsInUse(engine);
    }

    /**
     * The transcribe slots {@code engine}'s store counts for the caller's project; the caller's
     * organization, which has no pool of its own, must count the same.
     */
    int slotsInUse(MeteringEngine engine) {
        ConcurrencyReport report = engine.concurrency(caller);
        int project = report.project().current().get("transcribe_concurrent");
        assertThat(report.organization().current()).as("organization slots in the store")
                .containsEntry("transcribe_concurrent", project);
        return project;
    }

    static JsonObject json(String message) {
        return Json.createReader(new StringReader(message)).readObject();
    }

    static void assertError(FakeSession session, int code, String type) {
        assertThat(session.sent()).hasSize(1);
        JsonObject error = json(session.sent().get(0));
        assertThat(error.keySet()).containsExactlyInAnyOrder("error_code", "error_type", "error_message", "request_id");
        assertThat(error.getInt("error_code")).isEqualTo(code);
        assertThat(error.getString("error_type")).isEqualTo(type);
        assertThat(session.sent().get(0)).doesNotContain(KEY).doesNotContain("Exception").doesNotContain("temp:");
        assertThat(session.closes()).hasSize(1);
    }

    @Test
    void aThirtySecondPcmStreamIsOneUsageEntryOfThirtySeconds() {
        FakeSession session = new FakeSession();
        MeteredStream stream = open(session);

        StreamConfiguration configuration = stream.configure(configuration(KEY));

        assertThat(configuration.model()).isEqualTo("stt-rt-sample");
        assertThat(configuration.json().getJsonArray("language_hints").getString(0)).isEqualTo("en");
        assertThat(stream.configured()).isTrue();
        assertThat(slotsInUse()).isEqualTo(1);
        for (int second = 0; second < 30; second++) {
            clock.advance(Duration.ofMillis(100));
            assertThat(stream.audio(ByteBuffer.allocate(SECOND_OF_PCM))).isTrue();
        }
        stream.usage().outputTextTokens(75);
        assertThat(stream.heard()).as("the empty message that ends the audio").isTrue();
        stream.finish();
        stream.closed(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));

        UsageRecord record = ledger.only(stream.requestId());
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.requestScope()).isEqualTo(SCOPE);
        assertThat(record.method()).isEqualTo("streaming");
        assertThat(record.endpoint()).isEqualTo("/transcribe-websocket");
        assertThat(record.usage().model()).isEqualTo("stt-rt-sample");
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(30_000);
        assertThat(record.usage().outputTextTokens()).isEqualTo(75);
        assertThat(record.clientReferenceId()).isEqualTo("call-7");
        assertThat(Duration.between(record.startTime(), record.endTime())).isEqualTo(Duration.ofSeconds(3));
        assertThat(slotsInUse()).isZero();
        assertThat(session.sent()).isEmpty();
        assertThat(session.closes()).extracting(CloseReason::getCloseCode)
                .containsExactly(CloseReason.CloseCodes.NORMAL_CLOSURE);
        assertThat(scheduler.pendingCount()).as("no check left behind").isZero();
    }

    @Test
    void aStreamNeverConfiguredIsClosedAtTheConfigurationTimeoutHoldingNothing() {
        FakeSession session = new FakeSession();
        open(session);
        assertThat(scheduler.pendingDelay()).isEqualTo(Duration.ofSeconds(10));

        clock.advanceSeconds(10);
        scheduler.runPending();

        assertError(session, 408, "request_timeout");
        assertThat(ledger.records()).isEmpty();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void anEarlyCheckLooksAgainAtTheRightTime() {
        FakeSession session = new FakeSession();
        MeteredStream stream = configured(session);
        assertThat(scheduler.pendingDelay()).isEqualTo(Duration.ofSeconds(20));

        clock.advanceSeconds(15);
        stream.audio(SECOND_OF_PCM);
        clock.advanceSeconds(5);
        scheduler.runPending();

        assertThat(session.closes()).isEmpty();
        assertThat(scheduler.pendingDelay()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aQuietStreamIsClosedAtTheIdleTimeoutAndBilledForItsAudio() {
        FakeSession session = new FakeSession();
        MeteredStream stream = configured(session);
        stream.audio(SECOND_OF_PCM * 2);

        clock.advanceSeconds(20);
        scheduler.runPending();

        assertError(session, 408, "request_timeout");
        assertThat(json(session.sent().get(0)).getString("request_id")).isEqualTo(stream.requestId().toString());
        UsageRecord record = ledger.only(stream.requestId());
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(2_000);
        assertThat(slotsInUse()).isZero();
        assertThat(stream.audio(SECOND_OF_PCM)).as("audio after the end").isFalse();
        assertThat(stream.heard()).isFalse();
    }

    @Test
    void aTemporaryKeysLongestSessionEndsABusyStream() {
        String key = engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), SCOPE,
                clock.instant().plusSeconds(60), false, Duration.ofSeconds(5), "user-42"));
        FakeSession session = new FakeSession();
        MeteredStream stream = open(session);
        assertThat(stream.configure(configuration(key))).isNotNull();
        assertThat(scheduler.pendingDelay()).isEqualTo(Duration.ofSeconds(5));

        for (int second = 0; second < 5; second++) {
            stream.audio(SECOND_OF_PCM);
            clock.advanceSeconds(1);
        }
        scheduler.runPending();

        assertError(session, 408, "request_timeout");
        assertThat(json(session.sent().get(0)).getString("error_message")).contains("longest session");
        UsageRecord record = ledger.only(stream.requestId());
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(5_000);
        assertThat(record.clientReferenceId()).as("bound to the key, not taken from the configuration")
                .isEqualTo("user-42");
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void theStreamOverThePoolGets429AndIsClosed() {
        MeteredStream first = configured(new FakeSession());
        MeteredStream second = configured(new FakeSession());
        FakeSession third = new FakeSession();

        assertThat(open(third).configure(configuration(KEY))).isNull();

        assertError(third, 429, "limit_exceeded");
        assertThat(json(third.sent().get(0)).getString("error_message"))
                .isEqualTo("Concurrent transcription limit has been exceeded for your project.");
        assertThat(third.closes().get(0).getCloseCode()).isEqualTo(CloseReason.CloseCodes.TRY_AGAIN_LATER);
        assertThat(slotsInUse()).isEqualTo(2);
        first.closed(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        second.failed(new IOException("Connection reset by peer"));
        assertThat(slotsInUse()).isZero();
        assertThat(engine.heldSlotEntries()).isZero();
        assertThat(ledger.records()).extracting(UsageRecord::statusCode).containsExactlyInAnyOrder(200, 200, 429);
    }

    @Test
    void aTemporaryKeyOfAnotherUsageTypeIsRefusedWith403() {
        String key = engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), "tts_rt",
                clock.instant().plusSeconds(60), false, null, null));
        FakeSession session = new FakeSession();

        assertThat(open(session).configure(configuration(key))).isNull();

        assertError(session, 403, "permission_denied");
        assertThat(json(session.sent().get(0)).getString("error_message")).contains("tts_rt");
        assertThat(ledger.records()).isEmpty();
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void aSingleUseTemporaryKeyOpensOneStream() {
        String key = engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), SCOPE,
                clock.instant().plusSeconds(60), true, null, null));
        assertThat(open(new FakeSession()).configure(configuration(key))).isNotNull();
        FakeSession again = new FakeSession();

        assertThat(open(again).configure(configuration(key))).isNull();

        assertError(again, 401, "unauthenticated");
    }

    @Test
    void badConfigurationsGet4xxWithoutTheKeyOrAStackTrace() {
        assertRefused("{\"api_key\": ", 400, "invalid_request");
        assertRefused("[\"" + KEY + "\"]", 400, "invalid_request");
        assertRefused("{\"api_key\": \"" + KEY + "\", \"x\": " + "[".repeat(1_001) + "]".repeat(1_001) + "}",
                400, "invalid_request");
        assertRefused("{\"api_key\": \"" + KEY + "\", \"model\": \"m\", \"audio_format\": \"pcm_s16le\","
                + " \"sample_rate\": 1e99999999999, \"num_channels\": 1}", 400, "invalid_request");
        assertRefused("{\"model\": \"stt-rt-sample\"}", 401, "unauthenticated");
        assertRefused(configuration("sm_not-a-key-of-anybody-0123456789abcdef"), 401, "unauthenticated");
        FakeSession session = assertRefused("{\"api_key\": \"" + KEY + "\", \"audio_format\": \"pcm_s16le\","
                + " \"sample_rate\": 0, \"client_reference_id\": 7}", 400, "invalid_request");
        assertThat(json(session.sent().get(0)).getString("error_message"))
                .contains("model is required").contains("sample_rate").contains("num_channels")
                .contains("client_reference_id");
        assertThat(ledger.records()).isEmpty();
        assertThat(slotsInUse()).isZero();
    }

    private FakeSession assertRefused(String configuration, int code, String type) {
        FakeSession session = new FakeSession();
        MeteredStream stream = open(session);
        assertThat(stream.configure(configuration)).isNull();
        assertError(session, code, type);
        assertThat(stream.configured()).isFalse();
        assertThat(stream.configure(configuration(KEY))).as("the stream has ended").isNull();
        return session;
    }

    @Test
    void audioBeforeTheConfigurationIs400() {
        FakeSession session = new FakeSession();
        MeteredStream stream = open(session);

        assertThat(stream.audio(SECOND_OF_PCM)).isFalse();

        assertError(session, 400, "invalid_request");
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void theDurationAnEndpointReportsWinsForAudioItCannotBeMeasuredBy() {
        FakeSession session = new FakeSession();
        MeteredStream stream = open(session);
        stream.configure("{\"api_key\": \"" + KEY + "\", \"model\": \"stt-rt-sample\", \"audio_format\": \"auto\"}");
        stream.audio(123_456);

        stream.usage().inputAudioDuration(Duration.ofMillis(7_250));
        stream.finish();

        assertThat(ledger.only(stream.requestId()).usage().inputAudioDurationMs()).isEqualTo(7_250);
    }

    @Test
    void badInputFoundByTheEndpointIs400AndAServerErrorIs500NeitherBilled() {
        FakeSession invalid = new FakeSession();
        MeteredStream refused = configured(invalid);
        FakeSession broken = new FakeSession();
        MeteredStream failed = configured(broken);

        refused.failed(new InvalidRequestException("body.model", "invalid_model", "Invalid model specified."));
        failed.failed(new IllegalStateException("recognizer crashed at /opt/secret/path"));

        assertError(invalid, 400, "invalid_request");
        assertError(broken, 500, "internal_error");
        assertThat(broken.sent().get(0)).doesNotContain("crashed");
        assertThat(ledger.only(refused.requestId()).statusCode()).isEqualTo(400);
        assertThat(ledger.only(failed.requestId()).statusCode()).isEqualTo(500);
        assertThat(ledger.only(failed.requestId()).costs()).isEqualTo(Costs.ZERO);
        assertThat(slotsInUse()).isZero();
    }

    @Test
    void aLedgerThatFailsAfterATimeoutStillGetsTheSlotBackAndTheSocketClosed() {
        MeteringEngine failing = MeteringRuntime.builder(MeteringConfig.defaults()).keys(directory).ledger(record -> {
            throw new IllegalStateException("database down");
        }).prices(PriceTable.FREE).clock(clock).build().engine();
        StreamMetering metered = new StreamMetering(
                MeteringRuntime.of(failing, ErrorRenderers.of(ErrorStyle.SONIOX, null)), scheduler);
        FakeSession session = new FakeSession();
        assertThat(metered.open(session.session(), SCOPE, "transcribe").configure(configuration(KEY))).isNotNull();
        assertThat(slotsInUse(failing)).isEqualTo(1);

        clock.advanceSeconds(20);
        scheduler.runPending();

        assertThat(slotsInUse(failing)).as("the slot back in the store").isZero();
        assertError(session, 408, "request_timeout");
    }

    @Test
    void aPoolThatIsNotConfiguredIsAMistakeOfTheEndpoint() {
        assertThatThrownBy(() -> metering.open(new FakeSession().session(), SCOPE, "diarize"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diarize");
    }
}
