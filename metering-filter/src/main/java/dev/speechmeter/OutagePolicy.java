package dev.speechmeter;

import java.util.Locale;

/**
 * What a server does while its database cannot take usage entries
 * ({@code speechmeter.usage.on-outage}). Either way no entry is dropped: entries already taken
 * go to the usage journal on local disk and are written to the database when it is back.
 */
public enum OutagePolicy {
    /** Keep serving; new entries go to the journal too, until it is full. The default. */
    JOURNAL,
    /** Answer new requests {@code 503} with {@code Retry-After} before any work starts. */
    REFUSE;

    static OutagePolicy parse(String property, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(property, value, "journal or refuse");
        }
    }
}
