package dev.speechmeter.micrometer;

/**
 * Whether an application has Micrometer, asked without loading any of its classes but the one
 * named, and without initializing it: the code that names Micrometer types runs only when it has.
 *
 * <pre>{@code
 * if (Micrometer.isPresent(getClass().getClassLoader())) {
 *     events = MicrometerEvents.onRegistry(registry);
 * }
 * }</pre>
 */
public final class Micrometer {

    /** The type every Micrometer meter is registered in. */
    static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private Micrometer() {
    }

    /** True when {@code loader} can load Micrometer's {@code MeterRegistry}. */
    public static boolean isPresent(ClassLoader loader) {
        try {
            Class.forName(REGISTRY, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
