package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.SonioxErrorRenderer;
import dev.speechmeter.servlet.MeteringFilter;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet filter on a Redis store whose deployer chose to refuse while Redis is away: a real
 * HTTP request gets {@code 503} with {@code Retry-After: 1} in the error shape, the endpoint does
 * not run, and the requests served before the outage gave their slots back.
 */
class RedisAwayOverHttpTest {

    private static final String KEY = "sm_redis_away_test_key_0123456789abcdefgh";

    private final TestRedis redis = TestRedis.started();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final AtomicInteger served = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private RedisLimitStore store;
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        store = RedisLimitStore.create(redis.settings().withTimeout(Duration.ofMillis(200))
                .withFailurePolicy(FailurePolicy.REFUSE), TestRedis.RENEWALS,
                new LocalLimitStore(InstantSource.system(), 1_000));
        MeteringEngine engine = MeteringEngine.create(MeteringConfig.defaults(), directory, new RecordingLedger(),
                CapacityLedger.NONE, PriceTable.FREE, store, InstantSource.system());
        directory.add(KEY, Limits.none(), Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100))
                .with(Limits.concurrent("tts"), Cap.atMost(1)));
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new MeteringFilter(
                MeteringRuntime.of(engine, new SonioxErrorRenderer(null))));
        filter.setInitParameter("speechmeter.endpoints", "/tts tts_rest pool=tts");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) {
                served.incrementAndGet();
            }
        }), "/tts");
        server = new Server(0);
        server.setHandler(context);
        server.start();
        connected();
        base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        store.close();
        redis.stop();
    }

    @Test
    void withRedisStoppedARequestIs503WithRetryAfterOneAndTheEndpointDoesNotRun() throws Exception {
        assertThat(post().statusCode()).as("before the outage").isEqualTo(200);
        assertThat(post().statusCode()).as("the pool's one slot came back").isEqualTo(200);
        assertThat(store.heldLeases()).isZero();

        redis.stop();
        HttpResponse<String> response = post();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        JsonObject error = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(error.getInt("status_code")).isEqualTo(503);
        assertThat(error.getString("error_type")).isEqualTo("service_unavailable");
        assertThat(error.getString("message")).isNotBlank().doesNotContain("redis://");
        assertThat(error.getString("request_id")).isNotBlank();
        assertThat(served).as("requests that reached the endpoint").hasValue(2);
        assertThat(store.redisReachable()).isFalse();
        assertThat(store.fallbacks()).as("decisions taken without Redis").isZero();
        assertThat(store.heldLeases()).isZero();
    }

    /** The store's first connection is made in the background: the test starts once it is up. */
    private void connected() {
        Eventually.connected(store);
    }

    private HttpResponse<String> post() throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/tts"))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
