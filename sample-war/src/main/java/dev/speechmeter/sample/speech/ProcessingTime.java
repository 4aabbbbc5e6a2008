package dev.speechmeter.sample.speech;

import dev.speechmeter.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long the sample recognizer "works" on a file: its audio length times
 * {@value #FACTOR_PROPERTY} (default 0.05, so a minute of audio takes three seconds).
 */
@ApplicationScoped
public class ProcessingTime {

    public static final String FACTOR_PROPERTY = "sample.processing-factor";

    private static final double MAX_FACTOR = 10;

    private final double factor;

    @Inject
    public ProcessingTime(@ConfigProperty(name = FACTOR_PROPERTY, defaultValue = "0.05") String factor) {
        this.factor = parse(factor);
    }

    /** For proxies only. */
    protected ProcessingTime() {
        this.factor = 0;
    }

    /** Creating the bean when the application starts makes a bad factor fail the deployment. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Being created is the check.
    }

    public Duration of(Duration audio) {
        return Duration.ofNanos(Math.round(audio.toNanos() * factor));
    }

    private static double parse(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            if (value >= 0 && value <= MAX_FACTOR) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw invalid(text, e);
        }
        throw invalid(text, null);
    }

    private static ConfigurationException invalid(String text, Throwable cause) {
        return new ConfigurationException("Invalid value '" + text + "' for " + FACTOR_PROPERTY
                + ": expected a number from 0 to " + MAX_FACTOR, cause);
    }
}
