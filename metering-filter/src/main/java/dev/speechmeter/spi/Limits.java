package dev.speechmeter.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The limits set for one organization or one project, by limit name.
 *
 * <p>A name that is absent falls back to the configured default; a name present with
 * {@link Cap#unlimited()} means "no cap at this level". Names are
 * {@value #REQUESTS_PER_MINUTE} and, for each concurrency pool, the pool name followed by
 * {@code _concurrent} ({@code transcribe_concurrent}, {@code tts_concurrent}).
 *
 * <pre>{@code
 * Limits limits = Limits.none()
 *         .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100))
 *         .with(Limits.concurrent("transcribe"), Cap.atMost(4));
 * }</pre>
 */
public final class Limits {

    public static final String REQUESTS_PER_MINUTE = "requests_per_minute";

    private static final Limits NONE = new Limits(Map.of());

    private final Map<String, Cap> caps;

    private Limits(Map<String, Cap> caps) {
        this.caps = caps;
    }

    /** No limit set: every name falls back to its default. */
    public static Limits none() {
        return NONE;
    }

    public static Limits of(Map<String, Cap> caps) {
        return caps.isEmpty() ? NONE : new Limits(Collections.unmodifiableMap(new LinkedHashMap<>(caps)));
    }

    /** The limit name that counts a concurrency pool: {@code transcribe} is {@code transcribe_concurrent}. */
    public static String concurrent(String pool) {
        return pool + "_concurrent";
    }

    public Optional<Cap> find(String name) {
        return Optional.ofNullable(caps.get(name));
    }

    /** The cap set for this name, or null when none is set (the default applies). */
    public Cap get(String name) {
        return caps.get(name);
    }

    public Limits with(String name, Cap cap) {
        Map<String, Cap> copy = new LinkedHashMap<>(caps);
        copy.put(name, cap);
        return new Limits(Collections.unmodifiableMap(copy));
    }

    public Map<String, Cap> asMap() {
        return caps;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limits that && caps.equals(that.caps);
    }

    @Override
    public int hashCode() {
        return caps.hashCode();
    }

    @Override
    public String toString() {
        return caps.toString();
    }
}
