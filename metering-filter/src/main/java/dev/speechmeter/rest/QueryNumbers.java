package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.util.List;
import java.util.regex.Pattern;

/** Whole-number query parameters, compared as written: no value, however long, overflows. */
final class QueryNumbers {

    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
    /** More digits than this, leading zeros aside, are beyond any bound an int can have. */
    private static final int MAX_DIGITS = 18;

    private QueryNumbers() {
    }

    /**
     * The parameter {@code name} as a whole number from {@code min} to {@code max}; null when
     * absent, or after adding an {@code int_parsing}, {@code greater_than_equal} or
     * {@code less_than_equal} error on {@code query.<name>}.
     */
    static Integer whole(String name, String value, int min, int max, List<ValidationError> errors) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        if (!WHOLE.matcher(text).matches()) {
            errors.add(new ValidationError("int_parsing", "query." + name, name + " must be a whole number."));
            return null;
        }
        String digits = text.replaceFirst("^[+-]?0*", "");
        long number = digits.isEmpty() ? 0 : digits.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(digits);
        if (text.startsWith("-")) {
            number = -number;
        }
        if (number < min) {
            errors.add(new ValidationError("greater_than_equal", "query." + name, name + " must be at least " + min + "."));
            return null;
        }
        if (number > max) {
            errors.add(new ValidationError("less_than_equal", "query." + name, name + " must be at most " + max + "."));
            return null;
        }
        return (int) number;
    }
}
