package dev.speechmeter.spi;

/**
 * The cap of one limit at one level: a maximum, or no cap at all.
 *
 * <pre>{@code
 * Cap.atMost(100);     // at most 100
 * Cap.unlimited();     // null in the API: no cap at this level
 * }</pre>
 */
public record Cap(Integer max) {

    private static final Cap UNLIMITED = new Cap(null);

    public Cap {
        if (max != null && max < 0) {
            throw new IllegalArgumentException("a cap cannot be negative: " + max);
        }
    }

    public static Cap atMost(int max) {
        return new Cap(max);
    }

    public static Cap unlimited() {
        return UNLIMITED;
    }

    public boolean isUnlimited() {
        return max == null;
    }

    /** Parses {@code "none"}, {@code "null"} or a non-negative whole number. */
    public static Cap parse(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("none") || value.equalsIgnoreCase("null") || value.equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        return atMost(Integer.parseInt(value));
    }

    @Override
    public String toString() {
        return isUnlimited() ? "none" : max.toString();
    }
}
