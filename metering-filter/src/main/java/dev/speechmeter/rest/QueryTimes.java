package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * The times of the usage queries: how the Soniox-style ones are written, and the one range every
 * time parameter must be in, Soniox- and Deepgram-style alike, before any window rule: from
 * {@link #EARLIEST} to {@link #LATEST}. In that range the endpoints' day arithmetic, epoch
 * conversions and stores cannot overflow.
 */
final class QueryTimes {

    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** Longer than any time written in the accepted forms; such text is not parsed. */
    static final int MAX_LENGTH = 64;

    private QueryTimes() {
    }

    /**
     * The ISO-8601 UTC time, or null after adding a {@code missing}, {@code datetime_parsing},
     * {@code greater_than_equal} or {@code less_than_equal} error on {@code query.<name>}.
     */
    static Instant required(String name, String value, List<ValidationError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new ValidationError("missing", "query." + name, name + " is required."));
            return null;
        }
        Instant time = null;
        if (value.length() <= MAX_LENGTH) {
            try {
                time = Instant.parse(value.trim());
            } catch (DateTimeException e) {
                // Reported below.
            }
        }
        if (time == null) {
            errors.add(new ValidationError("datetime_parsing", "query." + name,
                    name + " must be an ISO-8601 UTC time such as 2026-04-28T09:00:00Z."));
            return null;
        }
        return inRange(name, time, errors);
    }

    /**
     * {@code time}, or null after adding a {@code greater_than_equal} or {@code less_than_equal}
     * error on {@code query.<name>} when it is outside the range.
     */
    static Instant inRange(String name, Instant time, List<ValidationError> errors) {
        if (isInRange(time)) {
            return time;
        }
        errors.add(new ValidationError(time.isBefore(EARLIEST) ? "greater_than_equal" : "less_than_equal",
                "query." + name, name + " must be from " + EARLIEST + " to " + LATEST + "."));
        return null;
    }

    static boolean isInRange(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }
}
