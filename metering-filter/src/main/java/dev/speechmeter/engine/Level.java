package dev.speechmeter.engine;

/** The two levels every limit exists at, checked in this order. */
public enum Level {
    ORGANIZATION("organization"),
    PROJECT("project");

    private final String wireName;

    Level(String wireName) {
        this.wireName = wireName;
    }

    /** As the SPEC names it: {@code organization}, {@code project}. */
    public String wireName() {
        return wireName;
    }
}
