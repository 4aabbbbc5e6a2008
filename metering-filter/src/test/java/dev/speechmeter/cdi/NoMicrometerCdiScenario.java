package dev.speechmeter.cdi;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.MapKeyDirectory;
import java.util.concurrent.Callable;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A CDI deployment with Speechmeter's extension and beans that meters a request, run by
 * {@code WithoutMicrometerTest} in a class loader that cannot load Micrometer.
 */
public final class NoMicrometerCdiScenario implements Callable<String> {

    private static final String KEY = "sm_no_micrometer_cdi_0123456789abcdefghij";

    @Override
    public String call() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(getClass().getClassLoader());
        try (WeldContainer container = new Weld("no-micrometer").disableDiscovery()
                .addExtension(new MeteringExtension())
                .addBeanClasses(MeteringRuntimeProducer.class, MeteringConfigProducer.class, MeteringInterceptor.class,
                        TestBackends.class)
                .initialize()) {
            ((MapKeyDirectory) container.select(KeyDirectory.class).get()).add(KEY, Limits.none(), Limits.none());
            MeteringEngine engine = container.select(MeteringRuntime.class).get().engine();
            Admission admission = engine.admit(engine.newRequestId(), null, engine.authenticate("Bearer " + KEY),
                    new MeteredEndpoint("transcribe_async", "transcribe", "sync"), "/v1/transcriptions");
            boolean settled = admission.settle(200, Usage.NONE, null);
            return "events=" + (container.select(MeteringEvents.class).get() == MeteringEvents.NONE ? "none" : "some")
                    + " admitted=" + admission.admitted() + " settled=" + settled + " held=" + engine.heldSlotEntries();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
