package dev.speechmeter.cdi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The application's meter registry, as an application that has Micrometer produces one. */
@ApplicationScoped
public class MeterRegistryBean {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Produces
    @Singleton
    MeterRegistry registry() {
        return registry;
    }
}
