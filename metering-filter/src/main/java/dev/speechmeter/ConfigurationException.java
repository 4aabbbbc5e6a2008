package dev.speechmeter;

/**
 * A setting that cannot work. Thrown while the deployment starts, naming the property and the
 * value, so a mistake never waits for the first request.
 */
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    public static ConfigurationException invalid(String property, String value, String expected) {
        return new ConfigurationException("Invalid value '" + value + "' for " + property + ": expected " + expected);
    }
}
