package dev.speechmeter.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.UsageContext;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.SonioxErrorRenderer;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RateLimitFields;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter in a real servlet container over real HTTP: every way a request can end gives its
 * slot back and leaves exactly one record.
 */
class MeteringFilterTest {

    private static final String KEY = "sm_filter_test_key_0123456789abcdefghijkl";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ENDPOINTS = """
            /v1/transcriptions   transcribe_async  pool=transcribe
            /boom                transcribe_async  pool=transcribe
            /invalid             transcribe_async  pool=transcribe
            /async/*             transcribe_async  pool=transcribe  method=async
            /request-only/*      transcribe_async  pool=transcribe  method=async
            /disconnect          transcribe_async  pool=transcribe
            /stream              tts_rt            pool=tts  method=streaming
            /stream-text/*       tts_rt            pool=tts  method=streaming
            /not-found-here      transcribe_async  pool=transcribe
            /framework-400       transcribe_async  pool=transcribe
            /framework-500       transcribe_async  pool=transcribe
            """;

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch releaseAsync = new CountDownLatch(1);
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private final CountDownLatch serverWriting = new CountDownLatch(1);
    private final CountDownLatch secondCycle = new CountDownLatch(1);
    private final CompletableFuture<String> textStreamEnd = new CompletableFuture<>();
    private MeteringEngine engine;
    private Caller caller;
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        engine = MeteringRuntime.builder(MeteringConfig.builder().maxRequestBytes(1_024).build()).keys(directory).ledger(ledger).prices(PriceTable.FREE).clock(clock).build().engine();
        caller = directory.add(KEY, Limits.none(), Limits.none()
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(50))
                .with(Limits.concurrent("transcribe"), Cap.atMost(1)));

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new MeteringFilter(
                MeteringRuntime.of(engine, new SonioxErrorRenderer("https://docs.example.com/errors"))));
        filter.setInitParameter("speechmeter.endpoints", ENDPOINTS);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        // Under /async also for async dispatches, as the filter's Javadoc advises; /request-only keeps the default.
        context.addFilter(filter, "/async/*", EnumSet.of(DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new TranscribeServlet()), "/v1/transcriptions");
        context.addServlet(new ServletHolder(new BoomServlet()), "/boom");
        context.addServlet(new ServletHolder(new InvalidServlet()), "/invalid");
        context.addServlet(new ServletHolder(new TranscribeServlet()), "/unmetered");
        context.addServlet(new ServletHolder(new PlainServlet()), "/plain");
        context.addServlet(new ServletHolder(new LeakingServlet()), "/v1/usage-logs");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.sendError(400, "Bad Request");   // as a framework does with a Content-Type it cannot parse
            }
        }), "/framework-400");
        context.addServlet(new ServletHolder(new LeakingServlet()), "/framework-500");
        context.addServlet(new ServletHolder(new LeakingServlet()), "/v1/projects/*");
        ServletHolder async = new ServletHolder(new AsyncServlet());
        async.setAsyncSupported(true);
        context.addServlet(async, "/async/*");
        context.addServlet(async, "/request-only/*");
        context.addServlet(new ServletHolder(new DisconnectServlet()), "/disconnect");
        context.addServlet(new ServletHolder(new StreamServlet()), "/stream");
        context.addServlet(new ServletHolder(new TextStreamServlet()), "/stream-text/*");
        server = JettyServers.start(context);
        base = JettyServers.base(server);
    }

    @AfterEach
    void stop() throws Exception {
        releaseAsync.countDown();
        clientGone.countDown();
        server.stop();
    }

    @Test
    void aSuccessfulRequestIsRecordedWithWhatTheEndpointReported() throws Exception {
        HttpResponse<String> response = post("/v1/transcriptions", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        UUID requestId = UUID.fromString(response.headers().firstValue("X-Request-Id").orElseThrow());
        UsageRecord record = ledger.await(requestId, WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.usage().model()).isEqualTo("stt-test");
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(2_000);
        assertThat(record.endpoint()).isEqualTo("/v1/transcriptions");
        assertSlotsBack();

        Map<String, Map<String, Object>> policy = RateLimitFields.parse(header(response, "RateLimit-Policy"));
        assertThat(policy.get("organization")).containsEntry("q", 100L).containsEntry("w", 60L);
        assertThat(policy.get("project")).containsEntry("q", 50L).containsEntry("w", 60L);
        assertThat(policy.get("project-transcribe")).containsEntry("q", 1L).containsEntry("qu", "concurrent-requests");
        assertThat(policy).doesNotContainKey("organization-transcribe");
        Map<String, Map<String, Object>> state = RateLimitFields.parse(header(response, "RateLimit"));
        assertThat(state.get("project")).containsEntry("r", 49L).containsEntry("t", 2L);
        assertThat(state.get("organization")).containsEntry("r", 99L);
        assertThat(state.get("project-transcribe")).containsEntry("r", 0L);
    }

    @Test
    void theClientsOwnIdIsKeptAsCorrelationIdAndEchoed() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Token " + KEY)
                .header("X-Request-Id", "client-chosen-id-1")
                .header("X-Client-Reference-Id", "order-77")
                .POST(HttpRequest.BodyPublishers.ofString("audio")));

        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("client-chosen-id-1");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(requestId).isNotEqualTo("client-chosen-id-1");
        UsageRecord record = ledger.await(UUID.fromString(requestId), WAIT);
        assertThat(record.correlationId()).isEqualTo("client-chosen-id-1");
        assertThat(record.clientReferenceId()).isEqualTo("order-77");
    }

    @Test
    void sentBothTheClientsCorrelationIdIsTheOneKeptAndEchoed() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Token " + KEY)
                .header("X-Request-Id", "client-request-id-2")
                .header("X-Correlation-Id", "client-correlation-id-2")
                .POST(HttpRequest.BodyPublishers.ofString("audio")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("X-Correlation-Id")).containsExactly("client-correlation-id-2");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(requestId).isNotIn("client-request-id-2", "client-correlation-id-2");
        UsageRecord record = ledger.await(UUID.fromString(requestId), WAIT);
        assertThat(record.correlationId()).isEqualTo("client-correlation-id-2");
    }

    @Test
    void withoutAnIdFromTheClientTheServersRequestIdIsTheCorrelationId() throws Exception {
        HttpResponse<String> response = post("/v1/transcriptions", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.headers().allValues("X-Correlation-Id")).containsExactly(requestId);
        UsageRecord record = ledger.await(UUID.fromString(requestId), WAIT);
        assertThat(record.correlationId()).isEqualTo(requestId);
    }

    @Test
    void anUnusableCorrelationIdIsReplacedByTheServersRequestIdNeverRefused() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Token " + KEY)
                .header("X-Correlation-Id", "x".repeat(129))
                .POST(HttpRequest.BodyPublishers.ofString("audio")));

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.headers().allValues("X-Correlation-Id")).containsExactly(requestId);
        assertThat(ledger.await(UUID.fromString(requestId), WAIT).correlationId()).isEqualTo(requestId);
    }

    @Test
    void aRefusalCarriesTheCorrelationIdToo() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Bearer sm_not_a_known_key_00000000000000000")
                .header("X-Correlation-Id", "corr-401")
                .POST(HttpRequest.BodyPublishers.ofString("audio")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("X-Correlation-Id")).containsExactly("corr-401");
    }

    @Test
    void anUnknownKeyGets401InTheSpecShapeAndLeavesNoRecord() throws Exception {
        HttpResponse<String> response = post("/v1/transcriptions", "Bearer sm_not_a_known_key_00000000000000000");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonObject body = json(response);
        assertThat(body.getInt("status_code")).isEqualTo(401);
        assertThat(body.getString("error_type")).isEqualTo("unauthenticated");
        assertThat(body.getString("message")).isEqualTo("Invalid API key.");
        assertThat(body.getJsonArray("validation_errors")).isEmpty();
        assertThat(body.getString("request_id")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(body.getString("more_info")).isEqualTo("https://docs.example.com/errors#unauthenticated");
        assertThat(response.body()).doesNotContain("sm_not_a_known_key");
        assertThat(ledger.records()).isEmpty();
    }

    @Test
    void noKeyOrAMalformedHeaderGets401() throws Exception {
        assertThat(post("/v1/transcriptions", null).statusCode()).isEqualTo(401);
        HttpResponse<String> malformed = post("/v1/transcriptions", "Basic " + KEY);
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(json(malformed).getString("message")).startsWith("Malformed Authorization header.");
        assertThat(malformed.body()).doesNotContain(KEY);
    }

    @Test
    void aFullPoolGets429WithRetryAfterAndTheSlotHolderIsUnharmed() throws Exception {
        CompletableFuture<HttpResponse<String>> holder = postAsync("/async/hold");
        awaitHeldSlots(1);

        HttpResponse<String> refused = post("/v1/transcriptions", "Bearer " + KEY);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        JsonObject body = json(refused);
        assertThat(body.getString("error_type")).isEqualTo("limit_exceeded");
        assertThat(body.getString("message")).isEqualTo("Concurrent transcription limit has been exceeded for your project.");
        assertThat(body.getString("request_id")).isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
        UsageRecord refusal = ledger.await(UUID.fromString(body.getString("request_id")), WAIT);
        assertThat(refusal.statusCode()).isEqualTo(429);
        assertThat(refusal.billable()).isFalse();

        releaseAsync.countDown();
        HttpResponse<String> held = holder.get(10, TimeUnit.SECONDS);
        assertThat(held.statusCode()).isEqualTo(200);
        // The client may see the response before the container reports the async completion.
        assertThat(ledger.await(requestId(held), WAIT).statusCode()).isEqualTo(200);
        assertSlotsBack();
    }

    @Test
    void theRequestRateRefusalTellsWhenToRetry() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(post("/v1/transcriptions", "Bearer " + KEY).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = post("/v1/transcriptions", "Bearer " + KEY);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).getString("message")).isEqualTo("Requests per minute limit has been exceeded for your project.");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isEqualTo(2); // 50 a minute: a token every 1.2 s
        assertThat(RateLimitFields.parse(header(refused, "RateLimit")).get("project")).containsEntry("r", 0L);

        clock.advanceSeconds(retryAfter);
        assertThat(post("/v1/transcriptions", "Bearer " + KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void anExceptionInTheEndpointReleasesTheSlotAndIsRecordedAsFailed() throws Exception {
        HttpResponse<String> response = post("/boom", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertSlotsBack();
    }

    @Test
    void invalidInputFromTheEndpointIs400InTheSpecShape() throws Exception {
        HttpResponse<String> response = post("/invalid", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = json(response);
        assertThat(body.getString("error_type")).isEqualTo("invalid_request");
        JsonObject validation = body.getJsonArray("validation_errors").getJsonObject(0);
        assertThat(validation.getString("location")).isEqualTo("body");
        assertThat(validation.getString("error_type")).isEqualTo("invalid_wav");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(ledger.await(requestId(response), WAIT).statusCode()).isEqualTo(400);
        assertSlotsBack();
    }

    @Test
    void aTooLongClientReferenceIdHeaderIs400AndChangesNothing() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Bearer " + KEY)
                .header("X-Client-Reference-Id", "r".repeat(257))
                .POST(HttpRequest.BodyPublishers.ofString("audio")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).getJsonArray("validation_errors").getJsonObject(0).getString("location"))
                .isEqualTo("header.x-client-reference-id");
        assertThat(ledger.records()).isEmpty();
        assertSlotsBack();
    }

    @Test
    void aHugeContentLengthIsRefusedBeforeAdmission() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/transcriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("\"error_type\":\"invalid_request\"");
        }
        assertThat(ledger.records()).isEmpty();
        assertSlotsBack();
    }

    @Test
    void anAsyncRequestHoldsItsSlotUntilItCompletes() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = postAsync("/async/hold");
        awaitHeldSlots(1);
        assertThat(engine.concurrency(caller).project().current()).containsEntry("transcribe_concurrent", 1);

        releaseAsync.countDown();
        HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.usage().model()).isEqualTo("stt-async");
        assertSlotsBack();
    }

    @Test
    void anAsyncRequestThatTimesOutReleasesItsSlot() throws Exception {
        HttpResponse<String> response = post("/async/timeout", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertSlotsBack();
    }

    @Test
    void anExceptionOnceAsyncIsAnsweredInTheErrorShapeRecordedAsFailedAndGivesTheSlotBack() throws Exception {
        HttpResponse<String> response = post("/async/throw", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        JsonObject error = json(response);
        assertThat(error.getString("error_type")).isEqualTo("internal_error");
        assertThat(error.getString("request_id")).isEqualTo(header(response, "X-Request-Id"));
        assertThat(response.body()).doesNotContain("crashed");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void anExceptionOnAnAsyncDispatchIsAnsweredInTheErrorShapeRecordedOnceAsFailedAndGivesTheSlotBack()
            throws Exception {
        HttpResponse<String> response = post("/async/redispatch-throws", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).getString("error_type")).isEqualTo("internal_error");
        assertThat(json(response).getString("request_id")).isEqualTo(header(response, "X-Request-Id"));
        assertThat(response.body()).doesNotContain("crashed");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).as("the usage it reported is not billed").isFalse();
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(1_000);
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void anExceptionOnAnAsyncDispatchTheFilterIsNotMappedForIsStillRecordedOnceAsFailed() throws Exception {
        HttpResponse<String> response = post("/request-only/redispatch-throws", "Bearer " + KEY);

        assertThat(response.statusCode()).as("answered by the container").isEqualTo(500);
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    /** Under /async the filter sees the exception; under /request-only the container reports it to the listener. */
    @ParameterizedTest
    @ValueSource(strings = {"/async", "/request-only"})
    void anExceptionInASecondAsyncCycleIsAnsweredInTheErrorShapeAndRecordedOnceAsFailed(String prefix)
            throws Exception {
        HttpResponse<String> response = post(prefix + "/restart-throws", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).getString("error_type")).isEqualTo("internal_error");
        assertThat(json(response).getString("request_id")).isEqualTo(header(response, "X-Request-Id"));
        assertThat(response.body()).doesNotContain("crashed");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void anAsyncRequestThatFailsAfterItsAnswerBeganIsRecordedAsFailedThoughItsStatusSaid200() throws Exception {
        assertThatThrownBy(() -> post("/async/throw-committed", "Bearer " + KEY))
                .as("the answer is cut off, not ended as if whole").isInstanceOf(IOException.class);

        UsageRecord record = awaitOnlyRecord();
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertSlotsBack();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/async", "/request-only"})
    void anAsyncRequestDispatchedAgainIsAdmittedOnceAndAnsweredOnTheSecondPass(String prefix) throws Exception {
        CompletableFuture<HttpResponse<String>> pending = postAsync(prefix + "/redispatch");
        awaitHeldSlots(1);
        assertThat(ledger.records()).isEmpty();

        releaseAsync.countDown();
        HttpResponse<String> response = pending.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("done");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.usage().model()).isEqualTo("stt-async");
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(1_000);
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
        assertOneRequestTokenTaken(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/async", "/request-only"})
    void aSecondAsyncCycleOnTheDispatchHoldsTheSlotUntilItCompletes(String prefix) throws Exception {
        CompletableFuture<HttpResponse<String>> pending = postAsync(prefix + "/restart");
        assertThat(secondCycle.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(engine.concurrency(caller).project().current()).containsEntry("transcribe_concurrent", 1);
        assertThat(engine.heldSlotEntries()).isPositive();
        assertThat(ledger.records()).as("the first cycle's end settles nothing").isEmpty();

        releaseAsync.countDown();
        HttpResponse<String> response = pending.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("done");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.usage().inputAudioDurationMs()).isEqualTo(1_000);
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
        assertOneRequestTokenTaken(response);
    }

    /** The request took one token of the 50 a minute: it said 49 remained, and the next request sees 48. */
    private void assertOneRequestTokenTaken(HttpResponse<String> response) throws Exception {
        assertThat(RateLimitFields.parse(header(response, "RateLimit")).get("project")).containsEntry("r", 49L);
        HttpResponse<String> next = post("/v1/transcriptions", "Bearer " + KEY);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(RateLimitFields.parse(header(next, "RateLimit")).get("project")).containsEntry("r", 48L);
    }

    @Test
    void aClientThatDisconnectsMidResponseReleasesItsSlot() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /disconnect HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isNotNegative();
            assertThat(serverWriting.await(10, TimeUnit.SECONDS)).isTrue();
            socket.setSoLinger(true, 0);
        }
        clientGone.countDown();

        UsageRecord record = awaitOnlyRecord();
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertSlotsBack();
    }

    @Test
    void aKeyWithoutTheSpeechPermissionIs403AndChangesNothing() throws Exception {
        String readOnly = "sm_read_only_key_0123456789abcdefghijklmnop";
        directory.add(readOnly, caller.organizationId(), Limits.none(), Limits.none(), Set.of(KeyPermission.USAGE_READ));

        HttpResponse<String> response = post("/v1/transcriptions", "Bearer " + readOnly);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).getString("error_type")).isEqualTo("permission_denied");
        assertThat(json(response).getString("message")).isEqualTo("This API key may not use the speech endpoints.");
        assertThat(ledger.records()).isEmpty();
        assertSlotsBack();
    }

    @Test
    void aTemporaryKeyStampsItsBoundReferenceWhateverTheRequestSays() throws Exception {
        String key = temporaryKey("transcribe_async", false, "bound-ref");

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Bearer " + key)
                .header("X-Client-Reference-Id", "chosen-by-the-browser")
                .POST(HttpRequest.BodyPublishers.ofString("audio")));

        assertThat(response.statusCode()).isEqualTo(200);
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.clientReferenceId()).isEqualTo("bound-ref");
        assertThat(record.caller().apiKeyId()).as("entries name the parent key").isEqualTo(caller.apiKeyId());
        assertThat(record.caller().projectId()).isEqualTo(caller.projectId());
    }

    @Test
    void aTemporaryKeyWithoutAReferenceYieldsEntriesWithoutOne() throws Exception {
        String key = temporaryKey("transcribe_async", false, null);

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Token " + key)
                .header("X-Client-Reference-Id", "chosen-by-the-browser")
                .POST(HttpRequest.BodyPublishers.ofString("audio")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ledger.await(requestId(response), WAIT).clientReferenceId()).isNull();
    }

    @Test
    void aTemporaryKeyOutsideItsUsageTypeIs403AndChangesNothing() throws Exception {
        String key = temporaryKey("tts_rt", false, null);

        HttpResponse<String> response = post("/v1/transcriptions", "Bearer " + key);

        assertThat(response.statusCode()).isEqualTo(403);
        JsonObject body = json(response);
        assertThat(body.getString("error_type")).isEqualTo("permission_denied");
        assertThat(body.getString("message")).isEqualTo("This temporary API key may be used only for tts_rt.");
        assertThat(response.body()).doesNotContain(key);
        assertThat(ledger.records()).isEmpty();
        assertSlotsBack();
        assertThat(post("/v1/transcriptions", "Bearer " + KEY).statusCode())
                .as("the refusal spent no request token").isEqualTo(200);
    }

    @Test
    void aGrantForAnyUsageWorksOnEverySpeechEndpoint() throws Exception {
        String key = temporaryKey(TemporaryGrant.ANY_USAGE, false, null);

        assertThat(post("/v1/transcriptions", "Bearer " + key).statusCode()).isEqualTo(200);
        assertThat(post("/invalid", "Bearer " + key).statusCode()).isEqualTo(400);
    }

    @Test
    void aSingleUseTemporaryKeyIsRefusedWith401OnItsSecondUse() throws Exception {
        String key = temporaryKey("transcribe_async", true, null);

        assertThat(post("/v1/transcriptions", "Bearer " + key).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post("/v1/transcriptions", "Bearer " + key);

        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(json(again).getString("message")).isEqualTo("This single-use temporary API key has already been used.");
        assertThat(ledger.records()).extracting(UsageRecord::statusCode).containsExactly(200, 401);
        assertThat(ledger.records()).filteredOn(UsageRecord::billable).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void aSingleUseKeyRefusedByALimitIsNotSpentSoTheRetryWorks() throws Exception {
        String key = temporaryKey("transcribe_async", true, null);
        CompletableFuture<HttpResponse<String>> holder = postAsync("/async/hold");
        awaitHeldSlots(1);

        HttpResponse<String> refused = post("/v1/transcriptions", "Bearer " + key);
        assertThat(refused.statusCode()).isEqualTo(429);
        releaseAsync.countDown();
        assertThat(holder.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        clock.advanceSeconds(Long.parseLong(header(refused, "Retry-After")));

        assertThat(post("/v1/transcriptions", "Bearer " + key).statusCode()).isEqualTo(200);
        assertThat(post("/v1/transcriptions", "Bearer " + key).statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredOrTamperedTemporaryKeyIs401() throws Exception {
        String key = temporaryKey("transcribe_async", false, null);
        String tampered = key.substring(0, key.length() - 2) + (key.endsWith("A") ? "BA" : "AA");
        assertThat(post("/v1/transcriptions", "Bearer " + tampered).statusCode()).isEqualTo(401);

        clock.advance(Duration.ofSeconds(60));

        HttpResponse<String> expired = post("/v1/transcriptions", "Bearer " + key);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired).getString("message")).isEqualTo("The temporary API key has expired.");
        assertThat(ledger.records()).isEmpty();
    }

    private String temporaryKey(String usageType, boolean singleUse, String reference) {
        return engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), usageType,
                clock.instant().plusSeconds(60), singleUse, null, reference));
    }

    @Test
    void aStreamEndsWhenItsTemporaryKeysLongestSessionIsOverAndWhatWasSentIsBilled() throws Exception {
        String key = engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), "tts_rt",
                clock.instant().plusSeconds(600), false, Duration.ofSeconds(3), null));

        HttpResponse<String> response = post("/stream", "Bearer " + key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as("chunks sent at 0, 1 and 2 s; none from 3 s on").isEqualTo("0\n1\n2\n");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.usage().outputAudioDurationMs()).isEqualTo(3_000);
        assertSlotsBack();
    }

    @Test
    void aStreamWithAPermanentKeyRunsToItsEnd() throws Exception {
        HttpResponse<String> response = post("/stream", "Bearer " + KEY);

        assertThat(response.body()).isEqualTo("0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
        assertThat(ledger.await(requestId(response), WAIT).usage().outputAudioDurationMs()).isEqualTo(10_000);
    }

    @Test
    void aStreamThroughTheWriterEndsAtTheFirstWriteAfterTheSessionAndWhatWasWrittenBeforeIsSent() throws Exception {
        HttpResponse<String> response = post("/stream-text/careless", "Bearer " + sessionKey(Duration.ofSeconds(3)));

        assertThat(response.statusCode()).isEqualTo(200);
        String line = System.lineSeparator();
        assertThat(response.body())
                .as("lines begun at 0, 1 and 2 s, never flushed; the line end due at 3 s is not sent")
                .isEqualTo("0" + line + "1" + line + "2");
        assertThat(textStreamEnd.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the endpoint was stopped at its write").isEqualTo("UncheckedIOException: SessionOver");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.usage().outputAudioDurationMs())
                .as("what was sent, not what the endpoint would have gone on to send")
                .isEqualTo(3_000);
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void aWriterLoopThatChecksForErrorsEndsWhenTheSessionIsOver() throws Exception {
        HttpResponse<String> response = post("/stream-text/checked", "Bearer " + sessionKey(Duration.ofSeconds(3)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("0\n1\n2\n");
        assertThat(textStreamEnd.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("checkError after 3 chunks");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.usage().outputAudioDurationMs()).isEqualTo(3_000);
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void flushingTheBufferAfterTheSessionFailsAndWhatWasWrittenBeforeIsStillSent() throws Exception {
        HttpResponse<String> response = post("/stream-text/flush-late", "Bearer " + sessionKey(Duration.ofSeconds(3)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("0\n");
        assertThat(textStreamEnd.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("flushBuffer() threw, and the writer reports the error").isEqualTo("SessionOver, checkError true");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.usage().outputAudioDurationMs()).isEqualTo(1_000);
        assertThat(ledger.records()).hasSize(1);
        assertSlotsBack();
    }

    @Test
    void aStreamThroughTheWriterWithAPermanentKeyRunsToItsEnd() throws Exception {
        HttpResponse<String> response = post("/stream-text/checked", "Bearer " + KEY);

        assertThat(response.body()).isEqualTo("0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
        assertThat(textStreamEnd.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("all 10 chunks");
        assertThat(ledger.await(requestId(response), WAIT).usage().outputAudioDurationMs()).isEqualTo(10_000);
    }

    private String sessionKey(Duration longestSession) {
        return engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), "tts_rt",
                clock.instant().plusSeconds(600), false, longestSession, null));
    }

    @Test
    void unmappedPathsPassThroughUntouched() throws Exception {
        HttpResponse<String> response = post("/plain", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("plain");
        assertThat(response.headers().firstValue("X-Request-Id")).isEmpty();
        assertThat(ledger.records()).isEmpty();
    }

    @Test
    void aMeteredEndpointReachedByAnUnmappedPathRefusesInsteadOfServingForFree() throws Exception {
        HttpResponse<String> response = post("/unmetered", null);

        assertThat(response.statusCode()).isEqualTo(500);
        JsonObject error = json(response);
        assertThat(error.getString("error_type")).isEqualTo("internal_error");
        assertThat(error.getString("request_id")).isEqualTo(header(response, "X-Request-Id"));
        assertThat(response.body()).doesNotContain("hello").doesNotContain("Exception").doesNotContain("dev.speechmeter");
        assertThat(ledger.records()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/transcriptions/", "/v1//transcriptions", "/V1/Transcriptions", "/v1/./transcriptions",
        "/x/../v1/transcriptions", "/v1/transcriptions;a=b", "/v1;x/transcriptions", "/v1/%74ranscriptions",
        "/v1%2Ftranscriptions", "/v1/transcriptions%2F", "/v1/transcriptions/."})
    void everySpellingOfAMeteredPathIsMetered(String spelling) throws Exception {
        HttpResponse<String> withoutKey = rawPost(spelling, null);
        assertThat(withoutKey.statusCode()).as(spelling).isIn(400, 401, 404);
        assertThat(withoutKey.body()).as(spelling).doesNotContain("hello");

        HttpResponse<String> withKey = rawPost(spelling, "Bearer " + KEY);
        if (withKey.headers().firstValue("X-Request-Id").isEmpty()) {
            // Refused by the container itself (an ambiguous path), before any filter: not served.
            assertThat(withKey.statusCode()).as(spelling).isEqualTo(400);
            assertThat(withKey.body()).as(spelling).doesNotContain("hello");
            return;
        }
        // Admitted, whatever the container then made of the spelling: recorded, and billed if served.
        UsageRecord record = ledger.await(requestId(withKey), WAIT);
        assertThat(record.billable()).as(spelling).isEqualTo(withKey.statusCode() == 200);
        if (withKey.statusCode() == 200) {
            assertThat(withKey.body()).contains("hello");
        }
        assertSlotsBack();
    }

    @Test
    void anErrorTheContainerWouldWordItselfIsInTheErrorShapeOnAMeteredPath() throws Exception {
        // No servlet serves this path: the container's default servlet refuses a POST with its own page.
        HttpResponse<String> response = post("/not-found-here", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(json(response).getString("error_type")).isEqualTo("invalid_request");
        assertThat(json(response).getString("message")).isEqualTo("This method is not allowed on this path.");
        assertThat(json(response).getString("request_id")).isEqualTo(header(response, "X-Request-Id"));
        assertThat(ledger.await(requestId(response), WAIT).statusCode()).isEqualTo(405);
        assertSlotsBack();
    }

    @Test
    void aServerErrorOnSpeechmeterOwnPathsNeverShowsWhatItsWriterSaid() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/usage-logs")).GET());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).getString("error_type")).isEqualTo("internal_error");
        assertThat(response.body()).doesNotContain("sm_limit").doesNotContain("insert");
    }

    @Test
    void errorsTheFrameworkWordsOnTheDeepgramPathsHaveDeepgramsShape() throws Exception {
        HttpResponse<String> notAllowed = send(HttpRequest.newBuilder(base.resolve("/v1/projects/p/requests"))
                .DELETE());
        HttpResponse<String> leaked = send(HttpRequest.newBuilder(base.resolve("/v1/projects/p/requests")).GET());

        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(json(notAllowed).getString("err_code")).isNotBlank();
        assertThat(json(notAllowed).getString("request_id")).isEqualTo(header(notAllowed, "X-Request-Id"));
        assertThat(leaked.statusCode()).isEqualTo(500);
        assertThat(json(leaked).getString("err_msg")).doesNotContain("sm_limit");
    }

    @Test
    void aMalformedMediaTypeHeaderIsNamedInTheError() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/framework-400"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", ";;;")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = json(response);
        assertThat(error.getJsonArray("validation_errors").getJsonObject(0).getString("location"))
                .isEqualTo("header.content-type");
    }

    @Test
    void aServerErrorAFrameworkWroteForTheEndpointIsReplacedByTheErrorShapeAndRecordedAsFailed() throws Exception {
        HttpResponse<String> response = post("/framework-500", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        JsonObject error = json(response);
        assertThat(error.getString("error_type")).isEqualTo("internal_error");
        assertThat(error.getString("request_id")).isEqualTo(header(response, "X-Request-Id"));
        assertThat(response.body()).doesNotContain("insert", "sm_limit");
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.statusCode()).isEqualTo(500);
        assertThat(record.billable()).isFalse();
        assertSlotsBack();
    }

    @Test
    void theEndpointsOwnExceptionIs500InTheErrorShapeWithoutInternals() throws Exception {
        HttpResponse<String> response = post("/boom", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        JsonObject error = json(response);
        assertThat(error.getString("error_type")).isEqualTo("internal_error");
        assertThat(error.getString("request_id")).isEqualTo(header(response, "X-Request-Id"));
        assertThat(response.body()).doesNotContain("crashed").doesNotContain("IllegalStateException");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndTheEndpointGetsNoMore() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/transcriptions"))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[4_096]))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).getJsonArray("validation_errors")).isNotNull();
        UsageRecord record = ledger.await(requestId(response), WAIT);
        assertThat(record.billable()).isFalse();
        assertSlotsBack();
    }

    /** A POST whose request line carries the path exactly as given, with no client-side normalizing. */
    private HttpResponse<String> rawPost(String path, String authorization) throws Exception {
        return RawHttp.post(base, path, authorization, "audio");
    }

    private void assertSlotsBack() {
        assertThat(engine.concurrency(caller).project().current()).containsEntry("transcribe_concurrent", 0);
        assertThat(engine.concurrency(caller).organization().current()).containsEntry("transcribe_concurrent", 0);
        assertThat(engine.heldSlotEntries()).isZero();
    }

    private void awaitHeldSlots(int slots) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.concurrency(caller).project().current().get("transcribe_concurrent") != slots) {
            assertThat(System.nanoTime()).as("slot taken in time").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private UsageRecord awaitOnlyRecord() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ledger.records().isEmpty()) {
            assertThat(System.nanoTime()).as("record written in time").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(ledger.records()).hasSize(1);
        return ledger.records().get(0);
    }

    private HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString("audio"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("audio")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    private static UUID requestId(HttpResponse<?> response) {
        return UUID.fromString(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static final class TranscribeServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            UsageContext.of(request).model("stt-test").inputAudioDuration(Duration.ofSeconds(2)).outputTextTokens(3);
            response.setContentType("application/json");
            response.getWriter().write("{\"text\":\"hello\"}");
        }
    }

    /** Streams ten chunks, one a second of the fake clock, reporting each second of audio sent. */
    private final class StreamServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            UsageContext usage = UsageContext.of(request).model("tts-stream");
            response.setContentType("text/plain");
            OutputStream out = response.getOutputStream();
            for (int second = 0; second < 10; second++) {
                out.write((second + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                usage.outputAudioDuration(Duration.ofSeconds(second + 1));
                clock.advance(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Streams through the writer, one chunk a second of the fake clock, reporting each second of
     * audio sent; {@link #textStreamEnd} tells how it ended. {@code /careless} never flushes nor
     * checks for errors, and ends each line after the clock moved; {@code /checked} writes while
     * {@code checkError()} is false; {@code /flush-late} writes one chunk, then flushes the buffer
     * after the session.
     */
    private final class TextStreamServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            UsageContext usage = UsageContext.of(request).model("tts-stream");
            response.setContentType("text/plain");
            PrintWriter writer = response.getWriter();
            try {
                switch (request.getPathInfo()) {
                    case "/careless" -> {
                        for (int second = 0; second < 10; second++) {
                            writer.print(second);
                            usage.outputAudioDuration(Duration.ofSeconds(second + 1));
                            clock.advance(Duration.ofSeconds(1));
                            writer.println();
                        }
                        textStreamEnd.complete("all 10 chunks");
                    }
                    case "/checked" -> {
                        int chunks = 0;
                        while (!writer.checkError() && chunks < 10) {
                            writer.print(chunks + "\n");
                            chunks++;
                            usage.outputAudioDuration(Duration.ofSeconds(chunks));
                            clock.advance(Duration.ofSeconds(1));
                        }
                        textStreamEnd.complete(chunks == 10 ? "all 10 chunks" : "checkError after " + chunks + " chunks");
                    }
                    case "/flush-late" -> {
                        writer.print("0\n");
                        usage.outputAudioDuration(Duration.ofSeconds(1));
                        clock.advance(Duration.ofSeconds(3));
                        try {
                            response.flushBuffer();
                            textStreamEnd.complete("flushed");
                        } catch (IOException e) {
                            textStreamEnd.complete(e.getClass().getSimpleName() + ", checkError " + writer.checkError());
                            throw e;
                        }
                    }
                    default -> throw new IllegalArgumentException(request.getPathInfo());
                }
            } catch (RuntimeException e) {
                textStreamEnd.complete(e.getClass().getSimpleName() + ": "
                        + (e.getCause() == null ? "" : e.getCause().getClass().getSimpleName()));
                throw e;
            }
        }
    }

    /** Fails the way a careless framework does: the exception's text, SQL included, as the body. */
    private static final class LeakingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(500);
            response.setContentType("text/plain");
            response.getWriter().write("could not execute statement [insert into sm_limit values (?)]");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            doGet(request, response);
        }
    }

    private static final class PlainServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("plain");
        }
    }

    private static final class BoomServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            UsageContext.of(request).model("stt-test").inputAudioDuration(Duration.ofSeconds(2));
            throw new IllegalStateException("the model crashed");
        }
    }

    private static final class InvalidServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            throw new InvalidRequestException("body", "invalid_wav", "The body is not a WAV file.");
        }
    }

    /**
     * Goes async, then by its path: {@code /hold} answers once {@link #releaseAsync} opens;
     * {@code /timeout} never answers; {@code /throw} throws once async; {@code /redispatch}
     * dispatches once released and answers on the second pass; {@code /redispatch-throws} throws
     * on the second pass; {@code /restart} starts a second async cycle on the second pass, which
     * answers once released; {@code /restart-throws} starts it and throws; {@code /throw-committed}
     * sends the start of its answer, then throws.
     */
    private final class AsyncServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            if (request.getDispatcherType() == DispatcherType.ASYNC) {
                dispatchedAgain(request, response);
                return;
            }
            AsyncContext async = request.startAsync();
            switch (request.getPathInfo()) {
                case "/timeout" -> async.setTimeout(50);
                case "/throw" -> {
                    async.setTimeout(0);
                    throw new IllegalStateException("the model crashed");
                }
                case "/redispatch" -> {
                    async.setTimeout(0);
                    async.start(() -> {
                        awaitRelease();
                        async.dispatch();
                    });
                }
                case "/throw-committed" -> {
                    async.setTimeout(0);
                    response.setStatus(200);
                    write(response, "partial");
                    flush(response);
                    throw new IllegalStateException("the model crashed");
                }
                case "/redispatch-throws", "/restart", "/restart-throws" -> {
                    async.setTimeout(0);
                    async.dispatch();
                }
                default -> {
                    async.setTimeout(0);
                    async.start(() -> answerOnceReleased(request, response, async));
                }
            }
        }

        private void dispatchedAgain(HttpServletRequest request, HttpServletResponse response) {
            switch (request.getPathInfo()) {
                case "/redispatch" -> {
                    UsageContext.of(request).model("stt-async").inputAudioDuration(Duration.ofSeconds(1));
                    response.setStatus(200);
                    write(response, "done");
                }
                case "/redispatch-throws" -> {
                    UsageContext.of(request).model("stt-async").inputAudioDuration(Duration.ofSeconds(1));
                    throw new IllegalStateException("the model crashed");
                }
                case "/restart" -> {
                    AsyncContext again = request.startAsync();
                    again.setTimeout(0);
                    secondCycle.countDown();
                    again.start(() -> answerOnceReleased(request, response, again));
                }
                case "/restart-throws" -> {
                    request.startAsync().setTimeout(0);
                    UsageContext.of(request).model("stt-async").inputAudioDuration(Duration.ofSeconds(1));
                    throw new IllegalStateException("the model crashed");
                }
                default -> throw new IllegalArgumentException(request.getPathInfo());
            }
        }

        private void answerOnceReleased(HttpServletRequest request, HttpServletResponse response, AsyncContext async) {
            try {
                awaitRelease();
                UsageContext.of(request).model("stt-async").inputAudioDuration(Duration.ofSeconds(1));
                response.setStatus(200);
                write(response, "done");
            } finally {
                async.complete();
            }
        }

        private void awaitRelease() {
            try {
                releaseAsync.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void write(HttpServletResponse response, String body) {
            try {
                response.getWriter().write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void flush(HttpServletResponse response) {
            try {
                response.flushBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final class DisconnectServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/octet-stream");
            OutputStream out = response.getOutputStream();
            out.write(new byte[1]);
            out.flush();
            serverWriting.countDown();
            try {
                clientGone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 2_000; i++) {
                out.write(chunk);
                out.flush();
            }
        }
    }
}
