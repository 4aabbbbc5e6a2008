package dev.speechmeter.sample.it;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the deployed sample (the JDK's), the way a browser or a Soniox SDK
 * talks to a real-time endpoint: it keeps every text message the server sends, and how the server
 * closed the socket.
 */
final class SocketClient implements WebSocket.Listener, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private SocketClient(URL base, String path) throws Exception {
        URI uri = URI.create(base.toExternalForm().replaceFirst("^http", "ws")).resolve(path);
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, this).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    static SocketClient connect(URL base, String path) throws Exception {
        return new SocketClient(base, path);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends the audio as binary frames of {@code frameBytes}, as fast as the socket takes them. */
    void sendAudio(byte[] audio, int frameBytes) throws Exception {
        for (int offset = 0; offset < audio.length; offset += frameBytes) {
            ByteBuffer frame = ByteBuffer.wrap(audio, offset, Math.min(frameBytes, audio.length - offset));
            socket.sendBinary(frame, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The next text message from the server, waiting at most the timeout. */
    JsonObject next() throws InterruptedException {
        String message = messages.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message from the server within " + TIMEOUT);
        }
        return SampleClient.json(message);
    }

    /** The first message that satisfies {@code wanted}, skipping the others. */
    JsonObject nextWhere(Predicate<JsonObject> wanted) throws InterruptedException {
        JsonObject message = next();
        while (!wanted.test(message)) {
            message = next();
        }
        return message;
    }

    /** Waits until the server closed the socket; its close code. */
    int awaitClose() throws Exception {
        return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Drops the connection without a close handshake, as a crashed client or a lost network does. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
