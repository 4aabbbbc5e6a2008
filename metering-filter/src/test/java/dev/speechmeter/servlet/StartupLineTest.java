package dev.speechmeter.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.http.DeepgramErrorRenderer;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.LogCapture;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.ServletContext;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one line a deployment logs at start-up: what it meters and how, and never a secret. */
class StartupLineTest {

    private static final String SECRET = "c2VjcmV0LXNpZ25pbmcta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXM=";
    private static final String KEY = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final String ENDPOINTS = """
            /v1/transcriptions  transcribe_async  pool=transcribe  technology=speech_to_text vendor=acme operation=transcribe
            /tts                tts_rest          pool=tts
            """;

    private final LogCapture log = LogCapture.of(MeteringRuntime.class);

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void oneLineAtInfoSaysWhatIsMeteredAndHowAndNoSecret() throws Exception {
        MeteringConfig config = MeteringConfig.fromProperties(Map.of(
                "speechmeter.temporary-keys.secret", SECRET,
                "speechmeter.limits.organization.requests_per_minute", "500",
                "speechmeter.limits.project.transcribe_concurrent", "4",
                "speechmeter.limits.project.tts_concurrent", "none",
                "speechmeter.usage.durability", "async",
                "speechmeter.errors.style", "problem",
                "speechmeter.rest.groups", "usage,keys")::get);
        MapKeyDirectory keys = new MapKeyDirectory();
        keys.add(KEY, Limits.none(), Limits.none());
        MeteringRuntime runtime = MeteringRuntime.builder(config).keys(keys).ledger(new RecordingLedger())
                .clock(new FakeClock()).annotatedPaths(Set.of("//v1/speak/")).build();

        new MeteringFilter(runtime).init(filterConfig("speechmeter"));
        new MeteringFilter(runtime).init(filterConfig("second"));

        List<LogRecord> records = log.records();
        assertThat(records).as("once per deployment, however many filters").hasSize(1);
        LogRecord line = records.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getMessage())
                .startsWith("Speechmeter meters /v1/transcriptions (transcribe_async pool=transcribe method=sync "
                        + "technology=speech_to_text, vendor=acme, operation=transcribe), "
                        + "/tts (tts_rest pool=tts method=sync), /v1/speak (@Metered)")
                .contains("default limits: organization requests_per_minute=500 transcribe_concurrent=none "
                        + "tts_concurrent=none; project requests_per_minute=100 transcribe_concurrent=4 tts_concurrent=none")
                .contains("limits kept: local (this server's memory)")
                .contains("usage durability: async")
                .contains("errors: problem")
                .endsWith("Speechmeter's endpoints: usage, keys")
                .doesNotContain(SECRET)
                .doesNotContain(HexFormat.of().formatHex(Base64.getDecoder().decode(SECRET)))
                .doesNotContain(new String(Base64.getDecoder().decode(SECRET)))
                .doesNotContain(KEY);
    }

    @Test
    void aRuntimeWithItsOwnRendererNamesIt() throws Exception {
        MeteringRuntime runtime = MeteringRuntime.builder(MeteringConfig.defaults()).keys(new MapKeyDirectory())
                .ledger(new RecordingLedger()).errorRenderer(new DeepgramErrorRenderer())
                .build();

        new MeteringFilter(runtime).init(filterConfig("speechmeter"));

        assertThat(log.records()).singleElement().extracting(LogRecord::getMessage).asString()
                .contains("errors: by dev.speechmeter.internal.http.DeepgramErrorRenderer")
                .contains("usage durability: sync")
                .endsWith("Speechmeter's endpoints: none");
    }

    @Test
    void theEndpointsOfTheFiltersRegisteredInAContextAreReadBeforeTheyStart() {
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder metering = new FilterHolder(MeteringFilter.class);
        metering.setInitParameter(EndpointMappings.PARAMETER, ENDPOINTS);
        context.addFilter(metering, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(OtherFilter.class), "/*", EnumSet.of(DispatcherType.REQUEST));

        assertThat(MeteringFilter.meteredEndpoints(context.getServletContext(), MeteringConfig.DEFAULT_POOLS))
                .containsExactly("/v1/transcriptions (transcribe_async pool=transcribe method=sync "
                        + "technology=speech_to_text, vendor=acme, operation=transcribe)",
                        "/tts (tts_rest pool=tts method=sync)");
    }

    @Test
    void aBadMappingFailsWhenTheEndpointsAreRead() {
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder metering = new FilterHolder(MeteringFilter.class);
        metering.setInitParameter(EndpointMappings.PARAMETER, "/tts tts_rest pool=nowhere");
        context.addFilter(metering, "/*", EnumSet.of(DispatcherType.REQUEST));

        assertThatThrownBy(() -> MeteringFilter.meteredEndpoints(context.getServletContext(),
                MeteringConfig.DEFAULT_POOLS)).isInstanceOf(ConfigurationException.class).hasMessageContaining("nowhere");
    }

    /** A filter of the application's own, which is not Speechmeter's. */
    public static final class OtherFilter extends HttpFilter {
    }

    private static FilterConfig filterConfig(String name) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return name;
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String parameter) {
                return EndpointMappings.PARAMETER.equals(parameter) ? ENDPOINTS : null;
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(List.of(EndpointMappings.PARAMETER));
            }
        };
    }
}
