package dev.speechmeter.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters of admissions, refusals, slots and keys, counted while the filter serves real HTTP
 * in a real servlet container.
 */
class MeteringFilterMetersTest {

    private static final String ENDPOINTS = """
            /v1/transcriptions     transcribe_async  pool=transcribe
            /v1/transcriptions/*   transcription_access  usage=none
            /held                  tts_rest  pool=tts
            """;

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private MeteringEngine engine;
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        MeteringRuntime runtime = MeteringRuntime.builder(MeteringConfig.builder().build()).keys(directory)
                .ledger(new RecordingLedger()).prices(PriceTable.FREE).clock(clock).meterRegistry(registry).build();
        engine = runtime.engine();
        ServletContextHandler context = JettyServers.metered(runtime, ENDPOINTS);
        context.addServlet(new ServletHolder(new ReferencingServlet()), "/v1/transcriptions/*");
        context.addServlet(new ServletHolder(new ReferencingServlet()), "/v1/transcriptions");
        context.addServlet(new ServletHolder(new ReferencingServlet()), "/plain");
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
    void admissionsAndRefusalsAreCountedByEndpointLimitAndLevel() throws Exception {
        String key = key();
        directory.add(key, Limits.none(), Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(2)));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(post("/v1/transcriptions", key).statusCode());
        }
        post("/plain", key);

        assertThat(statuses).containsExactly(200, 200, 429);
        assertThat(admitted("transcribe_async", "transcribe")).isEqualTo(2);
        assertThat(refused("transcribe_async", "transcribe", "request_rate", "project")).isEqualTo(1);
        assertThat(registry.find("speechmeter.requests.admitted").counters()).as("an unmapped path is not metered")
                .hasSize(1);
        assertThat(registry.find("speechmeter.requests.refused").counters()).hasSize(1);
    }

    @Test
    void slotsInUseAreShownPerPoolWhileHeldAndAConcurrencyRefusalIsCounted() throws Exception {
        String key = key();
        directory.add(key, Limits.none().with(Limits.concurrent("tts"), Cap.atMost(1)), Limits.none());

        CompletableFuture<HttpResponse<String>> held = http.sendAsync(request("/held", key),
                HttpResponse.BodyHandlers.ofString());
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        double inUse = slots("tts");
        int second = post("/held", key).statusCode();
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        assertThat(inUse).isEqualTo(1);
        assertThat(slots("transcribe")).as("every configured pool has its gauge").isZero();
        assertThat(second).isEqualTo(429);
        assertThat(refused("tts_rest", "tts", "concurrency", "organization")).isEqualTo(1);
        assertThat(slots("tts")).as("the slot came back").isZero();
        assertThat(engine.heldSlotEntries()).isZero();
    }

    @Test
    void keyLookUpsAreCountedAsCacheHitsAndMissesAndMintedTemporaryKeysAreCounted() throws Exception {
        String key = key();
        Caller caller = directory.add(key, Limits.none(), Limits.none());

        post("/v1/transcriptions", key);
        post("/v1/transcriptions", key);
        post("/v1/transcriptions", key());
        String temporary = engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(),
                "transcribe_async", clock.instant().plusSeconds(60), false, null, null));
        post("/v1/transcriptions", temporary);

        assertThat(keyCache("miss")).as("the key, an unknown key, the temporary key's parent").isEqualTo(3);
        assertThat(keyCache("hit")).isEqualTo(1);
        assertThat(registry.get("speechmeter.temporary.keys.minted").counter().count()).isEqualTo(1);
    }

    @Test
    void noTagValueCarriesAKeyAnIdAClientReferenceOrAPath() throws Exception {
        String key = key();
        Caller caller = directory.add(key, Limits.none().with(Limits.concurrent("tts"), Cap.atMost(1)),
                Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(5)));
        String reference = "customer-ref-" + UUID.randomUUID();
        String temporary = engine.temporaryKeys().mint(new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(),
                TemporaryGrant.ANY_USAGE, clock.instant().plusSeconds(60), false, null, reference));
        String job = UUID.randomUUID().toString();

        post("/v1/transcriptions", key);
        post("/v1/transcriptions", temporary);
        post("/v1/transcriptions?client_reference_id=" + reference, key);
        post("/v1/transcriptions/" + job, key);
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(request("/held", key),
                HttpResponse.BodyHandlers.ofString());
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        post("/held", key);
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        post("/v1/transcriptions", key);
        post("/v1/transcriptions", "sm_unknown_" + UUID.randomUUID().toString().replace("-", ""));

        Set<String> tagKeys = new TreeSet<>();
        List<String> values = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                tagKeys.add(tag.getKey());
                values.add(tag.getValue());
            }
        }
        assertThat(registry.find("speechmeter.requests.refused").counters()).as("both kinds of refusal happened")
                .hasSize(2);
        assertThat(tagKeys).containsExactlyInAnyOrder("scope", "pool", "limit", "level", "result", "outcome");
        for (String secret : List.of(key, ApiKeys.hash(key), temporary, caller.apiKeyId().toString(),
                caller.projectId().toString(), caller.organizationId().toString(), reference, job, "/v1", "/held")) {
            assertThat(values).noneMatch(value -> value.contains(secret));
        }
        assertThat(values).allMatch(value -> value.matches("[a-z_]{1,64}"), "lower-case words from configuration");
    }

    private double admitted(String scope, String pool) {
        return registry.get("speechmeter.requests.admitted").tags("scope", scope, "pool", pool).counter().count();
    }

    private double refused(String scope, String pool, String limit, String level) {
        return registry.get("speechmeter.requests.refused").tags("scope", scope, "pool", pool, "limit", limit,
                "level", level).counter().count();
    }

    private double slots(String pool) {
        return registry.get("speechmeter.slots.in.use").tag("pool", pool).gauge().value();
    }

    private double keyCache(String result) {
        return registry.get("speechmeter.key.cache.gets").tag("result", result).counter().count();
    }

    private static String key() {
        return "sm_meters_" + UUID.randomUUID().toString().replace("-", "");
    }

    private HttpRequest request(String path, String key) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("audio")).build();
    }

    private HttpResponse<String> post(String path, String key) throws Exception {
        return http.send(request(path, key), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers, and reports the client reference the request names, as an endpoint may. */
    private static final class ReferencingServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            String reference = request.getParameter("client_reference_id");
            if (reference != null) {
                UsageContext.of(request).clientReferenceId(reference);
            }
            response.getWriter().write("{}");
        }
    }

    /** Holds its request until the test lets it go. */
    private final class HeldServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.getWriter().write("{}");
        }
    }
}
