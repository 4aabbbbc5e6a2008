package dev.speechmeter.cdi;

import dev.speechmeter.MeteringConfig;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where {@code speechmeter.*} settings are read: MicroProfile Config when the server has it
 * (it includes system properties and environment variables), system properties otherwise.
 *
 * <pre>{@code
 * String uri = ConfigLookup.forDeployment(getClass().getClassLoader()).apply("speechmeter.redis.uri");
 * }</pre>
 */
public final class ConfigLookup {

    private ConfigLookup() {
    }

    /** The deployment's configuration, read through the deployment's class loader. */
    static MeteringConfig readConfig() {
        return MeteringConfig.fromProperties(forDeployment(Thread.currentThread().getContextClassLoader()));
    }

    /** Looks settings up through MicroProfile Config when {@code loader} sees it, else in system properties. */
    public static Function<String, String> forDeployment(ClassLoader loader) {
        if (hasMicroProfileConfig(loader)) {
            try {
                return MicroProfile.lookup(loader);
            } catch (IllegalStateException noImplementation) {
                // The API is on the class path without an implementation behind it: fall through.
            }
        }
        return System::getProperty;
    }

    private static boolean hasMicroProfileConfig(ClassLoader loader) {
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when MicroProfile Config is present. */
    private static final class MicroProfile {

        static Function<String, String> lookup(ClassLoader loader) {
            var config = ConfigProvider.getConfig(loader);
            return name -> config.getOptionalValue(name, String.class).orElse(null);
        }
    }
}
