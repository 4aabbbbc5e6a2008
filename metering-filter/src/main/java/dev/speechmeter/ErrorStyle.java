package dev.speechmeter;

import java.util.Locale;

/** The shape of the error bodies Speechmeter answers with ({@code speechmeter.errors.style}). */
public enum ErrorStyle {
    /** {@code {"status_code", "error_type", "message", "validation_errors", "request_id", "more_info"}}: the default. */
    SONIOX,
    /** {@code {"detail": "Rate limit exceeded; retry in 17 seconds"}}. */
    SOUNDPIECE,
    /** RFC 9457 {@code application/problem+json}, with {@code quota-exceeded} for limits. */
    PROBLEM;

    static ErrorStyle parse(String property, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(property, value, "one of soniox, soundpiece, problem");
        }
    }
}
