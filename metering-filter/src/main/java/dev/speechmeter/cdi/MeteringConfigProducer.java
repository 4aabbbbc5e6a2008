package dev.speechmeter.cdi;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.SettingsReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The deployment's {@link MeteringConfig}, read once from MicroProfile Config (or system
 * properties), for every bean that needs it: the runtime, and stores such as metering-jpa.
 */
@ApplicationScoped
public class MeteringConfigProducer {

    /** Called once: the {@code @Singleton} scope keeps the one instance for the deployment. */
    @Produces
    @Singleton
    MeteringConfig config() {
        return read();
    }

    /** The deployment's configuration, read through the deployment's class loader. */
    static MeteringConfig read() {
        return MeteringConfig.fromProperties(SettingsReader.deploymentLookup(Thread.currentThread().getContextClassLoader()));
    }
}
