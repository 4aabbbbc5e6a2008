package dev.speechmeter.jpa;

import dev.speechmeter.ConfigurationException;
import java.util.Locale;
import java.util.function.Function;

/**
 * What Speechmeter does with its tables when the application starts, set by
 * {@value #PROPERTY}: {@code migrate} (the default) creates and updates them; {@code validate}
 * only checks that every migration has been applied, and fails the start naming what is missing;
 * {@code none} touches nothing, for a schema a DBA manages by hand.
 */
public enum SchemaMode {
    MIGRATE,
    VALIDATE,
    NONE;

    public static final String PROPERTY = "speechmeter.schema.mode";

    /** The mode {@code lookup} sets; {@link #MIGRATE} when it sets none. */
    public static SchemaMode fromProperties(Function<String, String> lookup) {
        String value = lookup.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            return MIGRATE;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(PROPERTY, value, "migrate, validate or none");
        }
    }
}
