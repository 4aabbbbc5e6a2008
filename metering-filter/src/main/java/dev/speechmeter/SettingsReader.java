package dev.speechmeter;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads {@code speechmeter.*} settings from wherever a deployment keeps them (MicroProfile Config,
 * system properties, a {@code Properties} file), each checked as it is read, with one message
 * style: a bad value is a {@link ConfigurationException} naming the property, the value and what
 * was expected. Every module reads its settings through it.
 *
 * <pre>{@code
 * SettingsReader settings = new SettingsReader(System::getProperty);
 * int writers = settings.positiveInt("speechmeter.usage.writers").orElse(2);
 * }</pre>
 */
public final class SettingsReader {

    private static final long MAX_INT_SETTING = 1_000_000;

    private final Function<String, String> lookup;

    /**
     * Where a deployment's settings are: MicroProfile Config when {@code loader} sees an
     * implementation of it (which includes system properties and environment variables), system
     * properties otherwise.
     *
     * @return a property's value, or null when it is not set
     */
    public static Function<String, String> deploymentLookup(ClassLoader loader) {
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

    /** @param lookup a property's value, or null when it is not set */
    public SettingsReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** The value as set, stripped; empty when not set or blank. */
    public Optional<String> text(String property) {
        String value = lookup.apply(property);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A comma-separated list, each item stripped; empty when not set or blank. */
    public Optional<List<String>> list(String property) {
        return text(property).map(value -> List.of(value.split("\\s*,\\s*")));
    }

    /** A whole number, left to the caller to check (as a builder does). */
    public Optional<Long> wholeNumber(String property) {
        return text(property).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw ConfigurationException.invalid(property, value, "a whole number");
            }
        });
    }

    /** A whole number greater than zero. */
    public Optional<Long> positiveLong(String property) {
        return wholeNumber(property).map(value -> {
            if (value <= 0) {
                throw ConfigurationException.invalid(property, Long.toString(value), "a whole number > 0");
            }
            return value;
        });
    }

    /** A whole number from 1 to 1,000,000: a count such as threads or entries. */
    public Optional<Integer> positiveInt(String property) {
        return positiveLong(property).map(value -> {
            if (value > MAX_INT_SETTING) {
                throw ConfigurationException.invalid(property, Long.toString(value), "a whole number from 1 to 1000000");
            }
            return value.intValue();
        });
    }

    /** A whole number of seconds greater than zero. */
    public Optional<Duration> seconds(String property) {
        return positiveLong(property).map(Duration::ofSeconds);
    }

    /** A file system path. */
    public Optional<Path> path(String property) {
        return text(property).map(value -> {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw ConfigurationException.invalid(property, value, "a directory path");
            }
        });
    }

    /** One of an enum's constants, by its name in lower case ({@code journal}, {@code refuse}, ...). */
    public <E extends Enum<E>> Optional<E> choice(String property, Class<E> type) {
        return text(property).map(value -> choice(property, value, type));
    }

    /** The constant of {@code type} that {@code value} names in lower case, or an error naming the choices. */
    public static <E extends Enum<E>> E choice(String property, String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            expected.append(expected.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw ConfigurationException.invalid(property, value, "one of " + expected);
    }

    /** Loaded only when MicroProfile Config is present. */
    private static final class MicroProfile {

        static Function<String, String> lookup(ClassLoader loader) {
            var config = ConfigProvider.getConfig(loader);
            return name -> config.getOptionalValue(name, String.class).orElse(null);
        }
    }
}
