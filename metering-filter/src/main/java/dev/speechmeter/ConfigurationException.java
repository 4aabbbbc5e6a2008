package dev.speechmeter;

import java.util.Collection;

/**
 * A setting that cannot work. Thrown while the deployment starts, naming the property and the
 * value, so a mistake never waits for the first request. Every module words its configuration
 * errors through the factories here, so that they all read alike.
 */
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A value that is set but cannot be used. */
    public static ConfigurationException invalid(String property, String value, String expected) {
        return new ConfigurationException("Invalid value '" + value + "' for " + property + ": expected " + expected);
    }

    /** A secret that cannot be used; its value is never repeated, since the message ends up in a log. */
    public static ConfigurationException invalidSecret(String property, String expected) {
        return new ConfigurationException("Invalid value for " + property + ": expected " + expected);
    }

    /** A setting or name that does not exist. */
    public static ConfigurationException unknown(String name, String expected) {
        return new ConfigurationException("Unknown " + name + ": expected " + expected);
    }

    /** A part the deployment lacks, and how to give it. */
    public static ConfigurationException missing(String part, String remedy) {
        return new ConfigurationException("Speechmeter needs " + part + ": " + remedy);
    }

    /** Two or more parts where Speechmeter takes one, and how to choose. */
    public static ConfigurationException ambiguous(String part, Collection<String> candidates, String remedy) {
        return new ConfigurationException("More than one " + part + " in the deployment " + candidates + ": " + remedy);
    }

    /** One line of a setting made of lines, such as the filter's endpoint mappings. */
    public static ConfigurationException invalidLine(String property, String line, String why) {
        return new ConfigurationException("Invalid line in " + property + ": '" + line + "': " + why);
    }
}
