package dev.speechmeter.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.Durability;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.SonioxErrorRenderer;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under {@code sync} durability a client never holds a complete successful response whose usage
 * entry is not durable: in a real servlet container over real HTTP, the response's end waits for
 * the ledger, and a ledger that fails leaves the client with an error or a cut response.
 */
class SyncDurabilityTest {

    private static final String KEY = "sm_sync_durability_test_key_0123456789abc";
    /** Longer than a container's response buffer, so the response is under way before the endpoint returns. */
    private static final int LARGE = 256 * 1024;

    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final CountDownLatch ledgerEntered = new CountDownLatch(1);
    private final CountDownLatch durable = new CountDownLatch(1);
    private final List<UsageRecord> recorded = new CopyOnWriteArrayList<>();
    private final CountDownLatch ledgerLeft = new CountDownLatch(1);
    private volatile boolean ledgerFails;
    private Server server;
    private URI base;

    /** The ledger: waits for {@link #durable}, or fails when {@link #ledgerFails}. */
    private final UsageLedger ledger = record -> {
        ledgerEntered.countDown();
        if (ledgerFails) {
            throw new IllegalStateException("The usage entry was not durable within PT10S");
        }
        try {
            assertThat(durable.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorded.add(record);
        ledgerLeft.countDown();
    };

    void start(Durability durability) throws Exception {
        MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.builder().durability(durability).build()).keys(directory).ledger(ledger).prices(PriceTable.FREE).clock(new FakeClock()).build().engine();
        directory.add(KEY, Limits.none(), Limits.none());
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new MeteringFilter(
                MeteringRuntime.of(engine, new SonioxErrorRenderer("https://docs.example.com/errors"))));
        filter.setInitParameter("speechmeter.endpoints", "/tts/*  tts_rest  pool=tts");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        ServletHolder speech = new ServletHolder(new SpeechServlet());
        speech.setAsyncSupported(true);
        context.addServlet(speech, "/tts/*");
        server = JettyServers.start(context);
        base = JettyServers.base(server);
    }

    @AfterEach
    void stop() throws Exception {
        durable.countDown();
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tts/length", "/tts/chunked", "/tts/writer", "/tts/large", "/tts/empty",
            "/tts/closed", "/tts/async", "/tts/async-plain", "/tts/async-large"})
    void theResponseEndsOnlyOnceItsEntryIsDurable(String path) throws Exception {
        start(Durability.SYNC);
        try (Socket socket = post(path)) {
            assertThat(ledgerEntered.await(10, TimeUnit.SECONDS)).isTrue();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream before = new ByteArrayOutputStream();
            socket.setSoTimeout(300);
            readUntilQuiet(in, before);
            assertThat(complete(before.toByteArray())).as("%s before the commit: %s", path, before).isFalse();

            durable.countDown();
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(before.toByteArray());
            readUntilComplete(in, all);

            assertThat(complete(all.toByteArray())).isTrue();
            assertThat(new String(all.toByteArray(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        }
        assertThat(recorded).hasSize(1);
    }

    @Test
    void aResponseNotYetSentIsReplacedBy503WhenItsEntryCannotBeMadeDurable() throws Exception {
        start(Durability.SYNC);
        ledgerFails = true;

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/tts/length"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(response.body()).contains("\"error_type\":\"service_unavailable\"")
                .contains("Usage cannot be recorded right now").doesNotContain("spoken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tts/large", "/tts/large-chunked"})
    void aResponseUnderWayIsCutShortWhenItsEntryCannotBeMadeDurable(String path) throws Exception {
        start(Durability.SYNC);
        ledgerFails = true;

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofByteArray()))
                .as("the client sees a broken response, never a complete 200").isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tts/async", "/tts/async-plain"})
    void anAsynchronousResponseNotYetSentIsReplacedBy503WhenItsEntryCannotBeMadeDurable(String path) throws Exception {
        start(Durability.SYNC);
        ledgerFails = true;

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("\"error_type\":\"service_unavailable\"").doesNotContain("spoken");
    }

    @Test
    void anAsynchronousResponseUnderWayIsCutShortWhenItsEntryCannotBeMadeDurable() throws Exception {
        start(Durability.SYNC);
        ledgerFails = true;

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/tts/async-large"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofByteArray()))
                .as("the client sees a broken response, never a complete 200").isInstanceOf(IOException.class);
    }

    @Test
    void aResponseDispatchedAgainArrivesWholeAndIsSettledWhenItCompletes() throws Exception {
        start(Durability.SYNC);
        durable.countDown();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/tts/dispatch"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("spoken on dispatch");
        // Settled when the dispatched response completed, which the client may see a moment before.
        assertThat(ledgerLeft.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recorded).hasSize(1);
    }

    @Test
    void underAsyncDurabilityNothingIsHeldBack() throws Exception {
        start(Durability.ASYNC);
        durable.countDown();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/tts/length"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("spoken audio");
    }

    private Socket post(String path) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** Reads what has arrived until nothing more comes for the socket's timeout. */
    private static void readUntilQuiet(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                into.write(buffer, 0, n);
                if (complete(into.toByteArray())) {
                    return;
                }
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more for now
        }
    }

    private static void readUntilComplete(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        while (!complete(into.toByteArray())) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            into.write(buffer, 0, n);
        }
    }

    /** Whether the bytes hold a whole HTTP/1.1 response: its headers and all of its body. */
    static boolean complete(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headersEnd = text.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return false;
        }
        String headers = text.substring(0, headersEnd).toLowerCase();
        int bodyStart = headersEnd + 4;
        int length = headers.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = headers.indexOf("\r\n", length + 2);
            long declared = Long.parseLong(headers.substring(length + 17, end < 0 ? headers.length() : end).trim());
            return bytes.length - bodyStart >= declared;
        }
        if (headers.contains("\r\ntransfer-encoding: chunked")) {
            return text.substring(bodyStart).contains("\r\n0\r\n\r\n") || text.substring(bodyStart).startsWith("0\r\n\r\n");
        }
        return false;
    }

    /** Answers as a TTS endpoint would, each path in another way of ending a response. */
    static final class SpeechServlet extends HttpServlet {

        private static void answerLater(AsyncContext async, HttpServletResponse response, byte[] body) {
            try {
                response.setContentType("application/json");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                async.complete();
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] audio = "spoken audio".getBytes(StandardCharsets.ISO_8859_1);
            response.setContentType("audio/wav");
            switch (request.getPathInfo()) {
                case "/length" -> {
                    response.setContentLength(audio.length);
                    response.getOutputStream().write(audio);
                }
                case "/chunked" -> {
                    response.getOutputStream().write(audio);
                    response.flushBuffer();
                }
                case "/writer" -> {
                    response.setContentType("text/plain");
                    response.getWriter().print("spoken text");
                    response.getWriter().flush();
                    response.flushBuffer();
                }
                case "/large" -> {
                    response.setContentLength(LARGE);
                    response.getOutputStream().write(new byte[LARGE]);
                }
                case "/large-chunked" -> {
                    response.getOutputStream().write(new byte[LARGE]);
                    response.flushBuffer();
                }
                case "/empty" -> {
                    response.setContentLength(0);
                    response.flushBuffer();
                }
                case "/async" -> {
                    // As a JAX-RS runtime does: the response it was given, written from another thread.
                    AsyncContext async = request.startAsync(request, response);
                    async.start(() -> answerLater(async, response, "{\"text\": \"spoken later\"}".getBytes(StandardCharsets.UTF_8)));
                }
                case "/async-plain" -> {
                    // The context found again on the request, the response found on the context.
                    request.startAsync();
                    AsyncContext async = request.getAsyncContext();
                    async.start(() -> answerLater(request.getAsyncContext(), response, audio));
                }
                case "/async-large" -> {
                    AsyncContext async = request.startAsync(request, response);
                    async.start(() -> answerLater(async, response, new byte[LARGE]));
                }
                case "/dispatch" -> {
                    if (request.getDispatcherType() == DispatcherType.ASYNC) {
                        response.setContentType("text/plain");
                        response.getWriter().print("spoken on dispatch");
                    } else {
                        AsyncContext async = request.startAsync(request, response);
                        async.start(async::dispatch);
                    }
                }
                case "/closed" -> {
                    response.setContentLength(audio.length);
                    response.getOutputStream().write(audio);
                    response.getOutputStream().close();
                }
                default -> response.setStatus(404);
            }
        }
    }
}
