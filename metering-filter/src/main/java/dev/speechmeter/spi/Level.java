package dev.speechmeter.spi;

import java.util.Locale;

/** The two levels every limit and capacity exists at, checked in this order. */
public enum Level {
    ORGANIZATION,
    PROJECT;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** As the wire names it: {@code organization}, {@code project}. */
    public String wireName() {
        return wireName;
    }
}
