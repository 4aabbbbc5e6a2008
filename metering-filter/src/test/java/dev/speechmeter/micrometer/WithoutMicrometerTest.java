package dev.speechmeter.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import io.micrometer.core.instrument.Metrics;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Without a registry, metering works as before and costs no meter; without Micrometer, it loads none of it. */
class WithoutMicrometerTest {

    @Test
    void anApplicationWithoutMicrometerMetersWithoutLoadingAnyOfIt() throws Exception {
        try (URLClassLoader withoutMicrometer = new URLClassLoader(classPathWithout("micrometer"),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> withoutMicrometer.loadClass(Micrometer.REGISTRY))
                    .as("the class loader hides Micrometer").isInstanceOf(ClassNotFoundException.class);
            Callable<?> scenario = (Callable<?>) withoutMicrometer.loadClass(NoMicrometerScenario.class.getName())
                    .getDeclaredConstructor().newInstance();

            assertThat(scenario.call()).isEqualTo("micrometer=false admitted=true held=1 after=0 recorded=true");
        }
    }

    @Test
    void aCdiDeploymentWithoutMicrometerDeploysAndMeters() throws Exception {
        try (URLClassLoader withoutMicrometer = new URLClassLoader(classPathWithout("micrometer"),
                ClassLoader.getPlatformClassLoader())) {
            Callable<?> scenario = (Callable<?>) withoutMicrometer.loadClass(
                    "dev.speechmeter.cdi.NoMicrometerCdiScenario").getDeclaredConstructor().newInstance();

            assertThat(scenario.call()).isEqualTo("events=none admitted=true settled=true held=0");
        }
    }

    @Test
    void aRuntimeBuiltWithoutARegistryRegistersNoMeter() {
        MapKeyDirectory directory = new MapKeyDirectory();
        MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.builder().build()).keys(directory)
                .ledger(new RecordingLedger()).prices(PriceTable.FREE).build().engine();
        var caller = directory.add("sm_no_registry_0123456789abcdefghijkl", Limits.none(), Limits.none());

        engine.admit(engine.newRequestId(), null, caller, new MeteredEndpoint("tts_rest", "tts", "sync"), "/tts")
                .settle(200, Usage.NONE, null);

        assertThat(Metrics.globalRegistry.getMeters()).isEmpty();
        assertThat(Micrometer.isPresent(getClass().getClassLoader())).isTrue();
    }

    private static URL[] classPathWithout(String hidden) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains(hidden)) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
