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
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A synchronous endpoint mapped with a bounded wait ({@code queue=5s}) in a real servlet container
 * over real HTTP: a request that finds the pool full waits for a slot without a thread, is served
 * when one frees, first in first out, and is refused with {@code 429} and a {@code Retry-After}
 * when its wait is over first.
 */
class WaitForSlotTest {

    private static final String KEY = "sm_wait_for_slot_test_key_0123456789abcdefgh";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ENDPOINTS = """
            /held    transcribe_async  pool=transcribe  queue=5s
            /quick   transcribe_async  pool=transcribe  queue=5s
            /short   transcribe_async  pool=transcribe  queue=200ms
            /plain   transcribe_async  pool=transcribe  queue=5s
            """;

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> served = new CopyOnWriteArrayList<>();
    private final AtomicInteger suspended = new AtomicInteger();
    private MeteringEngine engine;
    private Caller caller;
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        start(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }

    /** The filter mapped for {@code dispatchers}, in front of the test's servlets. */
    private void start(EnumSet<DispatcherType> dispatchers) throws Exception {
        engine = MeteringRuntime.builder(MeteringConfig.defaults()).keys(directory).ledger(ledger)
                .prices(PriceTable.FREE).clock(clock).build().engine();
        if (caller == null) {
            caller = directory.add(KEY, Limits.none(), Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(1)));
        }
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new MeteringFilter(
                MeteringRuntime.of(engine, new SonioxErrorRenderer(null))));
        filter.setInitParameter("speechmeter.endpoints", ENDPOINTS);
        filter.setAsyncSupported(true);
        // Before the meter: counts the requests whose first pass ended waiting for a slot.
        FilterHolder suspensions = new FilterHolder((Filter) (request, response, chain) -> {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                suspended.incrementAndGet();
            }
        });
        suspensions.setAsyncSupported(true);
        context.addFilter(suspensions, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(filter, "/*", dispatchers);
        context.addServlet(new ServletHolder(new HeldServlet()), "/held");
        context.addServlet(new ServletHolder(new QuickServlet()), "/quick");
        context.addServlet(new ServletHolder(new QuickServlet()), "/short");
        context.addServlet(new ServletHolder(new PlainServlet()), "/plain");
        server = JettyServers.start(context);
        base = JettyServers.base(server);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        server.stop();
    }

    @Test
    void aRequestThatFindsThePoolFullWaitsAndIsServedWhenTheSlotFrees() throws Exception {
        CompletableFuture<HttpResponse<String>> holder = post("/held", "first");
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> waiting = post("/quick", "second");
        awaitQueued(1);
        assertThat(waiting).isNotDone();

        release.countDown();

        HttpResponse<String> first = holder.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> second = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(served).containsExactly("first", "second");
        UsageRecord record = ledger.await(requestId(second), WAIT);
        assertThat(record.billable()).isTrue();
        assertThat(record.clientReferenceId()).isEqualTo("second");
        assertSlotsBack();
    }

    @Test
    void waitingRequestsAreServedFirstInFirstOut() throws Exception {
        CompletableFuture<HttpResponse<String>> holder = post("/held", "holder");
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> a = post("/quick", "a");
        awaitQueued(1);
        CompletableFuture<HttpResponse<String>> b = post("/quick", "b");
        awaitQueued(2);
        CompletableFuture<HttpResponse<String>> c = post("/quick", "c");
        awaitQueued(3);

        release.countDown();

        for (CompletableFuture<HttpResponse<String>> response : List.of(holder, a, b, c)) {
            assertThat(response.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(served).containsExactly("holder", "a", "b", "c");
        assertSlotsBack();
    }

    @Test
    void aRequestWhoseWaitIsOverIsRefusedWith429AndRetryAfterAndHoldsNothing() throws Exception {
        CompletableFuture<HttpResponse<String>> holder = post("/held", "holder");
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> refused = post("/short", "late").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        JsonObject error = Json.createReader(new StringReader(refused.body())).readObject();
        assertThat(error.getString("error_type")).isEqualTo("limit_exceeded");
        assertThat(error.getString("request_id")).isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(engine.jobs().queuedJobs()).isZero();
        assertThat(ledger.await(requestId(refused), WAIT).statusCode()).isEqualTo(429);
        release.countDown();
        assertThat(holder.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(served).containsExactly("holder");
        assertSlotsBack();
    }

    @Test
    void withoutTheAsyncDispatcherAWaitedRequestIsRefusedNotServedAndHoldsNothing() throws Exception {
        server.stop();
        start(EnumSet.of(DispatcherType.REQUEST));
        CompletableFuture<HttpResponse<String>> holder = post("/held", "holder");
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> waiting = post("/plain", "plain");
        awaitQueued(1);

        release.countDown();

        HttpResponse<String> refused = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(holder.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(500);
        assertThat(refused.body()).doesNotContain("plain served");
        assertThat(served).containsExactly("holder");
        assertThat(ledger.await(requestId(refused), WAIT).billable()).isFalse();
        assertSlotsBack();
    }

    /**
     * Waits, within a bound, until {@code count} requests wait for a slot, each with its first
     * pass over: a slot that frees earlier is the request's at once, and it is served without a wait.
     */
    private void awaitQueued(int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((engine.jobs().queuedJobs() < count || suspended.get() < count) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(engine.jobs().queuedJobs()).isEqualTo(count);
        assertThat(suspended).hasValue(count);
    }

    private void assertSlotsBack() {
        assertThat(engine.concurrency(caller).project().current()).containsEntry("transcribe_concurrent", 0);
        assertThat(engine.heldSlotEntries()).isZero();
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String reference) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT)
                .header("Authorization", "Bearer " + KEY).header("X-Client-Reference-Id", reference)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static UUID requestId(HttpResponse<?> response) {
        return UUID.fromString(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    /** Holds its slot until the test releases it. */
    private final class HeldServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served.add(request.getHeader("X-Client-Reference-Id"));
            UsageContext.of(request).model("stt-test");
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
            response.setContentType("application/json");
            response.getWriter().write("{\"held\":true}");
        }
    }

    /** Answers without reporting usage, as an endpoint the filter alone meters may. */
    private final class PlainServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("plain served");
            served.add(request.getHeader("X-Client-Reference-Id"));
        }
    }

    /** Answers at once, noting the order it served in. */
    private final class QuickServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            UsageContext.of(request).model("stt-test").inputAudioDuration(Duration.ofSeconds(1));
            served.add(request.getHeader("X-Client-Reference-Id"));
            response.setContentType("application/json");
            response.getWriter().write("{\"served\":true}");
        }
    }
}
