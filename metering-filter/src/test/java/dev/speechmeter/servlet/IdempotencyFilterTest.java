package dev.speechmeter.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.SonioxErrorRenderer;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Idempotency-Key} through the filter in a real servlet container over real HTTP: a repeat
 * gets the first response and costs nothing, a different request with the key is {@code 422}, a
 * repeat while the first runs is {@code 409}, a failed first attempt leaves the key free, and a
 * bad key is {@code 400} that changes nothing.
 */
class IdempotencyFilterTest {

    private static final String KEY = "sm_idempotency_test_key_0123456789abcdefgh";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ENDPOINTS = """
            /v1/transcriptions   transcribe_async  pool=transcribe
            /flaky               transcribe_async  pool=transcribe
            /large               transcribe_async  pool=transcribe
            /held                transcribe_async  pool=transcribe
            """;

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private MeteringEngine engine;
    private Caller caller;
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        engine = MeteringRuntime.builder(MeteringConfig.builder().maxRequestBytes(1024 * 1024).build())
                .keys(directory).ledger(ledger).prices(PriceTable.FREE).clock(clock).build().engine();
        caller = directory.add(KEY, Limits.none(), Limits.none()
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(2))
                .with(Limits.concurrent("transcribe"), Cap.atMost(2)));
        ServletContextHandler context = JettyServers.metered(MeteringRuntime.of(engine, new SonioxErrorRenderer(null)),
                ENDPOINTS);
        context.addServlet(new ServletHolder(new EchoServlet()), "/v1/transcriptions");
        context.addServlet(new ServletHolder(new FlakyServlet()), "/flaky");
        context.addServlet(new ServletHolder(new LargeServlet()), "/large");
        context.addServlet(new ServletHolder(new HeldServlet()), "/held");
        server = JettyServers.start(context);
        base = JettyServers.base(server);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        server.stop();
    }

    @Test
    void aRepeatGetsTheFirstResponseWithoutWorkTokenSlotOrEntry() throws Exception {
        HttpResponse<String> first = post("/v1/transcriptions?model=a", "order-1", "{\"audio\":\"one\"}");
        List<HttpResponse<String>> repeats = List.of(
                post("/v1/transcriptions?model=a", "order-1", "{\"audio\":\"one\"}"),
                post("/v1/transcriptions?model=a", "order-1", "{\"audio\":\"one\"}"),
                post("/v1/transcriptions?model=a", "order-1", "{\"audio\":\"one\"}"));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.body()).isEqualTo("{\"served\":1,\"body\":\"{\\\"audio\\\":\\\"one\\\"}\"}");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        for (HttpResponse<String> repeat : repeats) {
            assertThat(repeat.statusCode()).isEqualTo(201);
            assertThat(repeat.body()).isEqualTo(first.body());
            assertThat(repeat.headers().firstValue("X-Request-Id")).isEqualTo(first.headers().firstValue("X-Request-Id"));
            assertThat(repeat.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
            assertThat(repeat.headers().firstValue("Location")).contains("/v1/transcriptions/t-1");
            assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        }
        assertThat(served).hasValue(1);
        ledger.await(requestId(first), WAIT);
        assertThat(ledger.records()).hasSize(1);
        // Two requests a minute: the repeats spent none, so one more new request is admitted, then none.
        assertThat(post("/v1/transcriptions", "order-2", "{}").statusCode()).isEqualTo(201);
        assertThat(post("/v1/transcriptions", "order-3", "{}").statusCode()).isEqualTo(429);
        assertSlotsBack();
    }

    @Test
    void theSameKeyForADifferentRequestIs422NamingTheKeyAndChangesNothing() throws Exception {
        HttpResponse<String> first = post("/v1/transcriptions", "order-9", "{\"audio\":\"one\"}");
        ledger.await(requestId(first), WAIT);

        for (HttpResponse<String> other : List.of(post("/v1/transcriptions", "order-9", "{\"audio\":\"two\"}"),
                post("/v1/transcriptions?model=b", "order-9", "{\"audio\":\"one\"}"),
                post("/flaky", "order-9", "{\"audio\":\"one\"}"))) {
            assertThat(other.statusCode()).isEqualTo(422);
            JsonObject error = json(other.body());
            assertThat(error.getString("error_type")).isEqualTo("idempotency_key_reused");
            assertThat(error.getString("message")).contains("\"order-9\"").doesNotContain(KEY);
            assertThat(error.getString("request_id")).isEqualTo(other.headers().firstValue("X-Request-Id").orElseThrow());
        }
        assertThat(served).hasValue(1);
        assertThat(flakyCalls).hasValue(0);
        assertThat(ledger.records()).hasSize(1);
    }

    @Test
    void aRepeatWhileTheFirstRunsIs409AndAfterItTheResponse() throws Exception {
        CompletableFuture<HttpResponse<String>> first = postAsync("/held", "order-held", "{}");
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> meanwhile = post("/held", "order-held", "{}");
        release.countDown();
        HttpResponse<String> done = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> after = post("/held", "order-held", "{}");

        assertThat(meanwhile.statusCode()).isEqualTo(409);
        assertThat(meanwhile.headers().firstValue("Retry-After")).contains("1");
        assertThat(json(meanwhile.body()).getString("error_type")).isEqualTo("idempotency_key_in_use");
        assertThat(json(meanwhile.body()).getString("message")).contains("\"order-held\"");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(done.body());
        assertThat(after.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void aFailedFirstAttemptLeavesTheKeyFreeForTheRetry() throws Exception {
        HttpResponse<String> failed = post("/flaky", "order-5", "{}");
        HttpResponse<String> retried = post("/flaky", "order-5", "{}");
        HttpResponse<String> repeated = post("/flaky", "order-5", "{}");

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(repeated.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(flakyCalls).hasValue(2);
        UsageRecord billed = ledger.await(requestId(retried), WAIT);
        assertThat(billed.billable()).isTrue();
        assertThat(ledger.records()).filteredOn(UsageRecord::billable).hasSize(1);
    }

    @Test
    void aResponseLargerThanKeptIsServedOnceAndItsRepeatsAreToldSo() throws Exception {
        HttpResponse<String> first = post("/large", "order-big", "{}");
        HttpResponse<String> repeat = post("/large", "order-big", "{}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).hasSize(70 * 1024);
        assertThat(repeat.statusCode()).isEqualTo(409);
        JsonObject error = json(repeat.body());
        assertThat(error.getString("error_type")).isEqualTo("idempotency_response_not_kept");
        assertThat(error.getString("message")).contains("\"order-big\"").contains(requestId(first).toString());
        ledger.await(requestId(first), WAIT);
        assertThat(ledger.records()).hasSize(1);
    }

    @Test
    void aKeyIsKeptForItsRetentionThenForgotten() throws Exception {
        HttpResponse<String> first = post("/v1/transcriptions", "order-day", "{}");
        ledger.await(requestId(first), WAIT);
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(post("/v1/transcriptions", "order-day", "{}").headers().firstValue("Idempotent-Replayed"))
                .contains("true");

        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> again = post("/v1/transcriptions", "order-day", "{}");

        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(served).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"too-long", "control", "unicode", "empty"})
    void aBadKeyIs400AtTheHeaderAndChangesNothing(String kind) throws Exception {
        byte[] key = switch (kind) {
            case "too-long" -> "k".repeat(256).getBytes(StandardCharsets.US_ASCII);
            case "control" -> "order\t1".getBytes(StandardCharsets.US_ASCII);
            case "unicode" -> "ordre-\u00e9\u8ba2".getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };

        String response = raw("/v1/transcriptions", key, "{}");

        assertThat(response).startsWith("HTTP/1.1 400");
        JsonObject error = json(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(error.getString("error_type")).isEqualTo("invalid_request");
        assertThat(error.getJsonArray("validation_errors").getJsonObject(0).getString("location"))
                .isEqualTo("header.idempotency-key");
        assertThat(response).doesNotContain(KEY);
        assertThat(served).hasValue(0);
        assertThat(ledger.records()).isEmpty();
        // Nothing spent: both requests of the minute are still there.
        assertThat(post("/v1/transcriptions", "order-a", "{}").statusCode()).isEqualTo(201);
        assertThat(post("/v1/transcriptions", "order-b", "{}").statusCode()).isEqualTo(201);
    }

    @Test
    void anUnauthenticatedRequestIs401WhateverItsIdempotencyKey() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Idempotency-Key", "k".repeat(300)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(served).hasValue(0);
    }

    private HttpResponse<String> post(String path, String idempotencyKey, String body) throws Exception {
        return http.send(request(path, idempotencyKey, body), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String idempotencyKey, String body) {
        return http.sendAsync(request(path, idempotencyKey, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String idempotencyKey, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Idempotency-Key", idempotencyKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(WAIT).build();
    }

    /** A request whose Idempotency-Key is sent byte for byte as given, as no HTTP client would. */
    private String raw(String path, byte[] idempotencyKey, String body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                    + KEY + "\r\nContent-Length: " + body.length() + "\r\nIdempotency-Key: ")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(idempotencyKey);
            out.write(("\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    private void assertSlotsBack() {
        assertThat(engine.concurrency(caller).project().current()).containsEntry("transcribe_concurrent", 0);
        assertThat(engine.heldSlotEntries()).isZero();
    }

    private static UUID requestId(HttpResponse<?> response) {
        return UUID.fromString(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** Answers 201 with how many requests it served and the body it read, as JSON through the writer. */
    private final class EchoServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            UsageContext.of(request).model("stt-test").inputAudioDuration(Duration.ofSeconds(1));
            response.setStatus(201);
            response.setContentType("application/json");
            response.setHeader("Location", "/v1/transcriptions/t-1");
            response.getWriter().write(Json.createObjectBuilder().add("served", served.incrementAndGet())
                    .add("body", body).build().toString());
        }
    }

    /** Fails the first time it is called, then answers 200. */
    private final class FlakyServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            if (flakyCalls.incrementAndGet() == 1) {
                response.sendError(503);
                return;
            }
            UsageContext.of(request).model("stt-test").inputAudioDuration(Duration.ofSeconds(1));
            response.setContentType("application/json");
            response.getOutputStream().write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers 70 KiB, more than a key keeps. */
    private static final class LargeServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            UsageContext.of(request).model("stt-test").inputAudioDuration(Duration.ofSeconds(1));
            response.setContentType("text/plain");
            byte[] chunk = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 70; i++) {
                response.getOutputStream().write(chunk);
            }
        }
    }

    /** Answers once the test lets it. */
    private final class HeldServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            holding.countDown();
            try {
                if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    response.sendError(504);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            UsageContext.of(request).model("stt-test").inputAudioDuration(Duration.ofSeconds(1));
            response.setContentType("application/json");
            response.getWriter().write("{\"held\":true}");
        }
    }
}
