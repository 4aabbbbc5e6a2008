package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on the sample's {@code POST /v1/transcriptions} on WildFly, over real
 * HTTP: a repeat is the first response (body and request id) with one usage entry; another
 * request with the key is {@code 422}; a repeat while the first is still settling is {@code 409};
 * a client that drops its connection and retries with the key is served and billed once; a bad
 * key is {@code 400} that changes nothing.
 */
class IdempotencyIT extends SampleIT {

    private static final byte[] AUDIO = TestAudio.tone(Duration.ofMillis(300));
    private static final byte[] OTHER_AUDIO = TestAudio.tone(Duration.ofMillis(400));

    @Test
    void aRepeatIsTheFirstResponseWithOneUsageEntry() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> first = client.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "order-1");
        List<HttpResponse<String>> repeats = List.of(
                client.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "order-1"),
                client.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "order-1"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        for (HttpResponse<String> repeat : repeats) {
            assertThat(repeat.statusCode()).isEqualTo(200);
            assertThat(repeat.body()).isEqualTo(first.body());
            assertThat(repeat.headers().firstValue("X-Request-Id")).isEqualTo(first.headers().firstValue("X-Request-Id"));
            assertThat(repeat.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
            assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        }
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertOneBilledEntry(tenant, first.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void theKeyWithOtherAudioIs422NamingTheKey() {
        Tenant tenant = client.newTenant(null, null);
        HttpResponse<String> first = client.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "order-2");

        HttpResponse<String> other = client.transcribe(tenant.authorization(), OTHER_AUDIO, "Idempotency-Key", "order-2");

        assertThat(other.statusCode()).isEqualTo(422);
        JsonObject error = SampleClient.json(other.body());
        assertThat(error.getString("error_type")).isEqualTo("idempotency_key_reused");
        assertThat(error.getString("message")).contains("\"order-2\"").doesNotContain(tenant.apiKey());
        assertOneBilledEntry(tenant, first.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aRepeatWhileTheFirstIsStillBeingRecordedIs409ThenTheResponse() throws Exception {
        Tenant tenant = client.newTenant(null, null);
        String name = "idempotent-" + java.util.UUID.randomUUID();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> first = client.hold(tenant.authorization(), name,
                "Idempotency-Key", "order-3");
        HttpResponse<String> meanwhile;
        try {
            // The first request holds its key while its endpoint holds it.
            assertThat(SampleClient.pollUntil(() -> client.idempotencyKeyRunning(tenant.projectId(), "order-3"),
                    running -> running)).as("the first request holds its key").isTrue();
            meanwhile = client.hold(tenant.authorization(), name, "Idempotency-Key", "order-3")
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            client.release(name);
        }
        assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(409);
        assertThat(meanwhile.headers().firstValue("Retry-After")).contains("1");
        assertThat(SampleClient.json(meanwhile.body()).getString("error_type")).isEqualTo("idempotency_key_in_use");
        HttpResponse<String> after = SampleClient.pollUntil(() -> {
            try {
                return client.hold(tenant.authorization(), name, "Idempotency-Key", "order-3")
                        .get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, response -> response.statusCode() != 409);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(SampleClient.pollUntil(() -> client.projectUsage(tenant.projectId()),
                usage -> usage.getInt("billable") == 1).getInt("billable")).as("order-3, once").isEqualTo(1);
    }

    @Test
    void aClientWhoseConnectionDropsAfterSendingRetriesAndIsBilledOnce() throws Exception {
        Tenant tenant = client.newTenant(null, null);
        try (Socket dropped = send(client.base(), tenant, "order-4", AUDIO)) {
            dropped.setSoLinger(true, 0);
        }

        HttpResponse<String> retried = SampleClient.pollUntil(
                () -> client.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "order-4"),
                response -> response.statusCode() != 409);
        HttpResponse<String> again = client.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "order-4");

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Request-Id")).isEqualTo(retried.headers().firstValue("X-Request-Id"));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        // The dropped attempt may show as a failed request; it is not billed.
        JsonObject usage = SampleClient.pollUntil(() -> client.projectUsage(tenant.projectId()),
                found -> found.getInt("billable") >= 1);
        assertThat(usage.getInt("billable")).isEqualTo(1);
        assertThat(usage.getJsonArray("billable_ids").getString(0))
                .isEqualTo(retried.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aBadKeyIs400AtTheHeaderAndChangesNothing() throws Exception {
        Tenant tenant = client.newTenant(1, null);

        HttpResponse<String> tooLong = client.transcribe(tenant.authorization(), AUDIO,
                "Idempotency-Key", "k".repeat(256));
        String unicode = raw(client.base(), tenant, "ordre-\u00e9".getBytes(StandardCharsets.UTF_8));

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(SampleClient.firstErrorLocation(tooLong)).isEqualTo("header.idempotency-key");
        assertThat(tooLong.body()).doesNotContain(tenant.apiKey()).doesNotContainIgnoringCase("exception");
        assertThat(unicode).startsWith("HTTP/1.1 400");
        assertThat(unicode).contains("header.idempotency-key");
        assertThat(client.projectUsage(tenant.projectId()).getInt("entries")).isZero();
        // One request a minute, still unspent.
        assertThat(client.transcribe(tenant.authorization(), AUDIO, "Idempotency-Key", "k".repeat(255)).statusCode())
                .isEqualTo(200);
    }

    private void assertOneBilledEntry(Tenant tenant, String requestId) {
        JsonObject usage = SampleClient.pollUntil(() -> client.projectUsage(tenant.projectId()),
                found -> found.getInt("billable") >= 1);
        assertThat(usage.getInt("entries")).isEqualTo(1);
        assertThat(usage.getInt("billable")).isEqualTo(1);
        assertThat(usage.getJsonArray("billable_ids").getString(0)).isEqualTo(requestId);
    }

    /** Sends a transcription with an Idempotency-Key on a socket of its own, and leaves its answer unread. */
    private static Socket send(URI base, Tenant tenant, String key, byte[] audio) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + base.getPath() + "v1/transcriptions HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: "
                + tenant.authorization() + "\r\nIdempotency-Key: " + key + "\r\nContent-Type: audio/wav\r\nContent-Length: "
                + audio.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(audio);
        out.flush();
        return socket;
    }

    /** A transcription whose Idempotency-Key is sent byte for byte, as no HTTP client would; the answer as text. */
    private static String raw(URI base, Tenant tenant, byte[] key) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + base.getPath() + "v1/transcriptions HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nConnection: close\r\nAuthorization: " + tenant.authorization() + "\r\nContent-Type: audio/wav"
                    + "\r\nContent-Length: " + AUDIO.length + "\r\nIdempotency-Key: ").getBytes(StandardCharsets.ISO_8859_1));
            out.write(key);
            out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(AUDIO);
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(received);
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}
