package dev.speechmeter.micrometer;

import dev.speechmeter.internal.engine.MeteringEvents;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Produces the {@link MeteringEvents} the runtime reports to: the meters of {@link MicrometerEvents}
 * in the application's {@link MeterRegistry} bean (WildFly's micrometer subsystem makes one; an
 * application may produce its own), or nowhere when there is none. Not a bean of its own accord:
 * {@code MeteringExtension} adds it only when Micrometer is on the application's class path, so
 * that an application without Micrometer loads none of its classes.
 */
public class MicrometerEventsProducer {

    private static final System.Logger LOG = System.getLogger(MicrometerEventsProducer.class.getName());

    @Produces
    @Singleton
    MeteringEvents events(Instance<MeterRegistry> registries) {
        if (registries.isResolvable()) {
            return MicrometerEvents.on(registries.get());
        }
        if (registries.isAmbiguous()) {
            LOG.log(System.Logger.Level.WARNING, "The application has several MeterRegistry beans, and Speechmeter "
                    + "registers its meters in none of them: mark the one to use @Alternative "
                    + "@Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION)");
        }
        return MeteringEvents.NONE;
    }

    /** Takes the meters out of a registry that outlives the application, such as the server's. */
    void close(@Disposes MeteringEvents events) {
        if (events instanceof MicrometerEvents meters) {
            meters.close();
        }
    }
}
