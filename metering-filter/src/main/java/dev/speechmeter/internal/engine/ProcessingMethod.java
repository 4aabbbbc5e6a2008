package dev.speechmeter.internal.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How an endpoint processes its requests, as usage entries and the request list name it. */
public enum ProcessingMethod {
    SYNC,
    ASYNC,
    STREAMING;

    private static final List<String> NAMES = Arrays.stream(values()).map(ProcessingMethod::wireName).toList();

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** {@code sync}, {@code async} or {@code streaming}. */
    public String wireName() {
        return wireName;
    }

    /** Every method's wire name, in order. */
    public static List<String> wireNames() {
        return NAMES;
    }

    /** @throws IllegalArgumentException when {@code name} is no method's wire name */
    public static ProcessingMethod of(String name) {
        for (ProcessingMethod method : values()) {
            if (method.wireName.equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException("method '" + name + "' must be one of " + NAMES);
    }
}
