package dev.speechmeter;

/**
 * What a server does while its database cannot take usage entries
 * ({@code speechmeter.usage.on-outage}). Either way no entry is dropped: entries already taken
 * go to the usage journal on local disk and are written to the database when it is back.
 */
public enum OutagePolicy {
    /** Keep serving; new entries go to the journal too, until it is full. The default. */
    JOURNAL,
    /** Answer new requests {@code 503} with {@code Retry-After} before any work starts. */
    REFUSE
}
