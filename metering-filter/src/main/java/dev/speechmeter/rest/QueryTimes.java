package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reading the required ISO-8601 UTC times of the usage queries, one validation error per bad one. */
final class QueryTimes {

    private QueryTimes() {
    }

    /** The time, or null after adding a {@code missing} or {@code datetime_parsing} error on {@code query.<name>}. */
    static Instant required(String name, String value, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new ValidationError("missing", "query." + name, name + " is required."));
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new ValidationError("datetime_parsing", "query." + name,
                    name + " must be an ISO-8601 UTC time such as 2026-04-28T09:00:00Z."));
            return null;
        }
    }
}
