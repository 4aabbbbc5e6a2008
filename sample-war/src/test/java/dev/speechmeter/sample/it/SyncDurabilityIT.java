package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On WildFly, with the sample's {@code sync} durability: while the database holds up a request's
 * usage entry, the client has the response's beginning but not its end; once the entry is
 * committed, the response completes. A crash in between leaves the client with an incomplete
 * response, never a complete one that was not billed. So for a response written on the request's
 * thread ({@code /tts}) and for one written later, from another thread, through JAX-RS's
 * {@code @Suspended} ({@code /v1/transcriptions}).
 */
class SyncDurabilityIT extends SampleIT {

    private static final byte[] SPEECH = "{\"text\": \"Hello\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AUDIO = TestAudio.tone(Duration.ofMillis(200));

    @ParameterizedTest
    @ValueSource(strings = {"tts", "v1/transcriptions"})
    void theResponseEndsOnlyOnceItsUsageEntryIsCommitted(String path) throws Exception {
        Tenant tenant = client.newTenant(null, null);
        boolean speech = path.equals("tts");
        byte[] body = speech ? SPEECH : AUDIO;
        String type = speech ? "application/json" : "audio/wav";
        // The first request of the day makes the daily row of the project and model, which the lock then holds.
        assertThat((speech ? client.speak(tenant.authorization(), new String(SPEECH, StandardCharsets.UTF_8))
                : client.transcribe(tenant.authorization(), AUDIO)).statusCode()).isEqualTo(200);
        URI base = client.base();

        client.lockDailyUsage(tenant.projectId());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + base.getPath() + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: "
                    + tenant.authorization() + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.setSoTimeout(2_000);
            readUntilQuiet(in, received);

            assertThat(complete(received.toByteArray())).as("before the commit: %d bytes", received.size()).isFalse();

            client.unlockDailyUsage(tenant.projectId());
            socket.setSoTimeout(30_000);
            readUntilComplete(in, received);
        } finally {
            client.unlockDailyUsage(tenant.projectId());
        }
        // Complete now, and billed: the project has both entries (written through, or by way of
        // the journal if the lock outlasted the database's lock timeout).
        assertThat(SampleClient.pollUntil(() -> client.projectUsage(tenant.projectId()),
                usage -> usage.getInt("billable") == 2).getInt("billable")).isEqualTo(2);
    }

    private static void readUntilQuiet(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0 && !complete(into.toByteArray()); n = in.read(buffer)) {
                into.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more for now
        }
    }

    private static void readUntilComplete(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        while (!complete(into.toByteArray())) {
            int n = in.read(buffer);
            assertThat(n).as("the connection ended before the response did").isNotNegative();
            into.write(buffer, 0, n);
        }
        assertThat(new String(into.toByteArray(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
    }

    /** Whether the bytes hold a whole HTTP/1.1 response: headers and all of a declared or chunked body. */
    private static boolean complete(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headersEnd = text.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return false;
        }
        String headers = text.substring(0, headersEnd).toLowerCase(Locale.ROOT);
        String body = text.substring(headersEnd + 4);
        int length = headers.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = headers.indexOf("\r\n", length + 2);
            long declared = Long.parseLong(headers.substring(length + 17, end < 0 ? headers.length() : end).trim());
            return body.length() >= declared;
        }
        return headers.contains("\r\ntransfer-encoding: chunked")
                && (body.startsWith("0\r\n\r\n") || body.contains("\r\n0\r\n\r\n"));
    }
}
