package dev.speechmeter;

import java.util.Locale;

/** When a request's usage entry is durable ({@code speechmeter.usage.durability}). */
public enum Durability {
    /** The request settles only once its entry is committed: the default. */
    SYNC,
    /** The request settles at once; the entry is committed with the next batch. */
    ASYNC;

    static Durability parse(String property, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(property, value, "sync or async");
        }
    }
}
