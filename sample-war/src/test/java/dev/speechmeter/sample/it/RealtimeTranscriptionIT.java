package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Real-time transcription streams on WildFly, through a real WebSocket client: one usage entry of
 * the audio streamed, one slot of the {@code transcribe} pool per open stream, released on every
 * ending, and errors as one message before the close (SPEC section 7). Audio goes faster than
 * real time, so a 30-second stream takes a fraction of a second.
 */
class RealtimeTranscriptionIT extends SampleIT {

    private static final String PATH = "transcribe-websocket";
    /** One second of {@code pcm_s16le} at 16 kHz mono. */
    private static final int SECOND = 32_000;
    private static final int NORMAL_CLOSURE = 1000;
    private static final int POLICY_VIOLATION = 1008;
    private static final int TRY_AGAIN_LATER = 1013;

    private static String configuration(String key, String clientReferenceId) {
        return "{\"api_key\": \"" + key + "\", \"model\": \"stt-rt-sample\", \"audio_format\": \"pcm_s16le\","
                + " \"sample_rate\": 16000, \"num_channels\": 1, \"language_hints\": [\"en\"]"
                + (clientReferenceId == null ? "" : ", \"client_reference_id\": \"" + clientReferenceId + "\"") + "}";
    }

    /** A configured stream, known to be admitted: it has answered its first second of audio. */
    private SocketClient admittedStream(Tenant tenant) throws Exception {
        SocketClient stream = SocketClient.connect(baseUrl, PATH);
        stream.send(configuration(tenant.apiKey(), null));
        stream.sendAudio(TestAudio.rawTone(Duration.ofSeconds(1)), SECOND);
        assertThat(stream.next().getJsonArray("tokens")).isNotEmpty();
        return stream;
    }

    /** Whether a message answers the stream's audio up to {@code ms}. */
    private static boolean transcribedUpTo(JsonObject message, int ms) {
        return message.containsKey("total_audio_proc_ms") && message.getInt("total_audio_proc_ms") >= ms;
    }

    private int transcriptionsInUse(Tenant tenant, String level) {
        return client.concurrencyLimits(tenant.authorization()).getJsonObject(level).getJsonObject("current")
                .getInt("transcribe_concurrent");
    }

    private static void assertError(JsonObject error, int code, String type) {
        assertThat(error.keySet()).containsExactlyInAnyOrder("error_code", "error_type", "error_message", "request_id");
        assertThat(error.getInt("error_code")).isEqualTo(code);
        assertThat(error.getString("error_type")).isEqualTo(type);
        assertThat(error.getString("request_id")).hasSize(36);
        assertThat(error.toString()).doesNotContain("temp:").doesNotContain("sm_").doesNotContain("Exception");
    }

    @Test
    void aThirtySecondPcmStreamIsOneUsageEntryOfThirtySeconds() throws Exception {
        Tenant tenant = client.newTenant(null, null);
        Instant before = Instant.now();
        JsonObject finished;
        try (SocketClient stream = SocketClient.connect(baseUrl, PATH)) {
            stream.send(configuration(tenant.apiKey(), "call-7"));
            stream.sendAudio(TestAudio.rawTone(Duration.ofSeconds(30)), SECOND / 10);
            stream.send("{\"type\": \"keepalive\"}");
            stream.send("");

            finished = stream.nextWhere(message -> message.containsKey("finished"));
            assertThat(stream.awaitClose()).isEqualTo(NORMAL_CLOSURE);
        }

        assertThat(finished.getBoolean("finished")).isTrue();
        assertThat(finished.getInt("total_audio_proc_ms")).isEqualTo(30_000);
        assertThat(finished.getInt("final_audio_proc_ms")).isEqualTo(30_000);
        String window = "start_time=" + before + "&end_time=" + Instant.now().plusSeconds(1);
        JsonObject page = SampleClient.pollUntil(() -> SampleClient.json(client.usageLogs(tenant.authorization(), window)
                .body()), logs -> !logs.getJsonArray("usage_logs").isEmpty());
        assertThat(page.getJsonArray("usage_logs")).hasSize(1);
        JsonObject entry = page.getJsonArray("usage_logs").getJsonObject(0);
        assertThat(entry.getString("request_scope")).isEqualTo("transcribe_websocket");
        assertThat(entry.getString("model")).isEqualTo("stt-rt-sample");
        assertThat(entry.getInt("input_audio_duration_ms")).isEqualTo(30_000);
        assertThat(entry.getInt("output_text_tokens")).isEqualTo(75);
        assertThat(entry.getString("client_reference_id")).isEqualTo("call-7");
        assertThat(entry.getString("cost_usd")).as("0.12 USD an hour of audio, 2 USD a million tokens")
                .isEqualTo("0.001150");
        assertThat(transcriptionsInUse(tenant, "project")).isZero();
    }

    @Test
    void aStereoStreamRecordsItsTwoChannels() throws Exception {
        Tenant tenant = client.newTenant(null, null);
        Instant before = Instant.now();
        try (SocketClient stream = SocketClient.connect(baseUrl, PATH)) {
            stream.send(configuration(tenant.apiKey(), null).replace("\"num_channels\": 1", "\"num_channels\": 2"));
            // A second of mono samples is half a second of stereo frames.
            stream.sendAudio(TestAudio.rawTone(Duration.ofSeconds(1)), SECOND);
            stream.send("");
            stream.nextWhere(message -> message.containsKey("finished"));
            assertThat(stream.awaitClose()).isEqualTo(NORMAL_CLOSURE);
        }

        String window = "start_time=" + before + "&end_time=" + Instant.now().plusSeconds(1);
        JsonObject page = SampleClient.pollUntil(() -> SampleClient.json(client.usageLogs(tenant.authorization(), window)
                .body()), logs -> !logs.getJsonArray("usage_logs").isEmpty());
        JsonObject logged = page.getJsonArray("usage_logs").getJsonObject(0);
        assertThat(logged.getInt("input_audio_duration_ms")).isEqualTo(500);
        assertThat(client.usageEntry(logged.getString("uuid")).getInt("channels")).isEqualTo(2);
    }

    @Test
    void withTwoSlotsTheThirdStreamGets429AndAllComeBack() throws Exception {
        Tenant tenant = client.newTenant(null, 2);
        try (SocketClient first = admittedStream(tenant); SocketClient second = admittedStream(tenant);
             SocketClient third = SocketClient.connect(baseUrl, PATH)) {
            assertThat(transcriptionsInUse(tenant, "project")).isEqualTo(2);

            third.send(configuration(tenant.apiKey(), null));

            JsonObject error = third.next();
            assertError(error, 429, "limit_exceeded");
            assertThat(error.getString("error_message"))
                    .isEqualTo("Concurrent transcription limit has been exceeded for your project.");
            assertThat(third.awaitClose()).isEqualTo(TRY_AGAIN_LATER);
            first.send("");
            assertThat(first.nextWhere(message -> message.containsKey("finished")).getBoolean("finished")).isTrue();
            assertThat(first.awaitClose()).isEqualTo(NORMAL_CLOSURE);
        }

        int project = SampleClient.pollUntil(() -> transcriptionsInUse(tenant, "project"), inUse -> inUse == 0);
        assertThat(project).as("the second stream ended by closing its socket").isZero();
        assertThat(transcriptionsInUse(tenant, "organization")).isZero();
    }

    @Test
    void aClientThatDropsItsConnectionMidStreamFreesItsSlot() throws Exception {
        Tenant tenant = client.newTenant(null, 1);
        SocketClient dropped = admittedStream(tenant);
        assertThat(transcriptionsInUse(tenant, "project")).isEqualTo(1);

        dropped.abort();

        int inUse = SampleClient.pollUntil(() -> transcriptionsInUse(tenant, "project"), slots -> slots == 0);
        assertThat(inUse).isZero();
        try (SocketClient next = admittedStream(tenant)) {
            assertThat(transcriptionsInUse(tenant, "project")).as("the freed slot, taken again").isEqualTo(1);
        }
    }

    @Test
    void aTemporaryKeyForTtsIsRefusedAndOneForThisStreamKeepsItsReferenceAndSession() throws Exception {
        Tenant tenant = client.newTenant(null, null);
        String ttsKey = mint(tenant, "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 60}");
        try (SocketClient refused = SocketClient.connect(baseUrl, PATH)) {
            refused.send(configuration(ttsKey, null));

            JsonObject error = refused.next();
            assertError(error, 403, "permission_denied");
            assertThat(error.getString("error_message")).contains("tts_rt");
            assertThat(refused.awaitClose()).isEqualTo(POLICY_VIOLATION);
        }

        String browserKey = mint(tenant, "{\"usage_type\": \"transcribe_websocket\", \"expires_in_seconds\": 60,"
                + " \"client_reference_id\": \"user-42\", \"single_use\": true, \"max_session_duration_seconds\": 3}");
        try (SocketClient capped = SocketClient.connect(baseUrl, PATH)) {
            capped.send(configuration(browserKey, "spoofed"));
            capped.sendAudio(TestAudio.rawTone(Duration.ofSeconds(2)), SECOND);
            // Both seconds transcribed well inside the session, however slow the machine is to send
            // them; then nothing more is sent until the session's end closes the stream.
            assertThat(capped.nextWhere(message -> message.containsKey("error_code") || transcribedUpTo(message, 2_000))
                    .containsKey("error_code")).as("the two seconds were answered before the session ended").isFalse();

            JsonObject over = capped.nextWhere(message -> message.containsKey("error_code"));
            assertError(over, 408, "request_timeout");
            assertThat(capped.awaitClose()).isEqualTo(POLICY_VIOLATION);
            JsonObject entry = client.usageEntry(over.getString("request_id"));
            assertThat(entry.getString("client_reference_id")).isEqualTo("user-42");
            assertThat(entry.getInt("input_audio_duration_ms")).isEqualTo(2_000);
            assertThat(entry.getString("request_scope")).isEqualTo("transcribe_websocket");
        }
        try (SocketClient again = SocketClient.connect(baseUrl, PATH)) {
            again.send(configuration(browserKey, null));
            assertError(again.next(), 401, "unauthenticated");
        }
    }

    @Test
    void badInputIsAnsweredWithAnErrorMessageAndTheClose() throws Exception {
        Tenant tenant = client.newTenant(null, null);
        try (SocketClient audioFirst = SocketClient.connect(baseUrl, PATH)) {
            audioFirst.sendAudio(new byte[SECOND], SECOND);
            assertError(audioFirst.next(), 400, "invalid_request");
            assertThat(audioFirst.awaitClose()).isEqualTo(POLICY_VIOLATION);
        }
        try (SocketClient malformed = SocketClient.connect(baseUrl, PATH)) {
            malformed.send("{\"api_key\": \"" + tenant.apiKey() + "\", ");
            assertError(malformed.next(), 400, "invalid_request");
        }
        try (SocketClient keyless = SocketClient.connect(baseUrl, PATH)) {
            keyless.send("{\"model\": \"stt-rt-sample\"}");
            assertError(keyless.next(), 401, "unauthenticated");
        }
        try (SocketClient wrongModel = SocketClient.connect(baseUrl, PATH)) {
            wrongModel.send(configuration(tenant.apiKey(), null).replace("stt-rt-sample", "whisper"));
            JsonObject error = wrongModel.next();
            assertError(error, 400, "invalid_request");
            assertThat(error.getString("error_message")).contains("model");
        }
        assertThat(transcriptionsInUse(tenant, "project")).isZero();
    }

    private String mint(Tenant tenant, String request) {
        HttpResponse<String> minted = client.postJson(tenant.authorization(), "/v1/auth/temporary-api-key", request);
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        return SampleClient.json(minted.body()).getString("api_key");
    }
}
