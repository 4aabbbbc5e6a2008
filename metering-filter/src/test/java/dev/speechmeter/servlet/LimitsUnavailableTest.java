package dev.speechmeter.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.SonioxErrorRenderer;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A shared limit store that cannot be reached, with the deployer's choice to refuse: a 503 to retry, never a free pass. */
class LimitsUnavailableTest {

    private static final String KEY = "sm_unavailable_test_key_0123456789abcdefgh";

    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final AtomicInteger served = new AtomicInteger();
    private Server server;
    private URI base;

    private static <T> T unreachable(Class<T> type, RuntimeException failure) {
        return type.cast(Proxy.newProxyInstance(LimitsUnavailableTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().equals("concurrencyHistory")) {
                        return null;   // asked once, when the engine is made: it keeps the history itself
                    }
                    throw failure;
                }));
    }

    private void start(KeyDirectory keys, LimitStore limits) throws Exception {
        FakeClock clock = new FakeClock();
        MeteringEngine engine = MeteringEngine.create(MeteringConfig.defaults(), keys, new RecordingLedger(),
                CapacityLedger.NONE, PriceTable.FREE, limits, clock);
        directory.add(KEY, Limits.none(), Limits.none());
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
        server = JettyServers.start(context);
        base = JettyServers.base(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void anUnreachableLimitStoreIs503WithRetryAfterAndTheEndpointDoesNotRun() throws Exception {
        start(directory, unreachable(LimitStore.class, new LimitStoreUnavailableException("unreachable", null)));

        HttpResponse<String> response = RawHttp.post(base, "/tts", "Bearer " + KEY, "{}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("\"error_type\":\"service_unavailable\"");
        assertThat(served).hasValue(0);
    }

    @Test
    void anUnreachableKeyDirectoryIs503WithRetryAfterAndTheEndpointDoesNotRun() throws Exception {
        KeyDirectory down = (KeyDirectory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("signingSecret")) {
                        return java.util.Optional.empty();   // read once, when the engine is made
                    }
                    throw new IllegalStateException("connection refused: jdbc:h2:secret");
                });
        start(down, new dev.speechmeter.internal.engine.LocalLimitStore(new FakeClock(), 1_000));

        HttpResponse<String> response = RawHttp.post(base, "/tts", "Bearer " + KEY, "{}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("\"error_type\":\"service_unavailable\"").doesNotContain("jdbc");
        assertThat(served).hasValue(0);
    }
}
