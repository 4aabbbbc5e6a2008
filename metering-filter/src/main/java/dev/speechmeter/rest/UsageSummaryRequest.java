package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The query of {@code GET /v1/usage/summary}, checked: both times required and in range,
 * {@code end_time > start_time}, and at most {@value #MAX_DAYS} UTC days touched by the half-open
 * window.
 */
final class UsageSummaryRequest {

    static final int MAX_DAYS = 366;

    private final List<ValidationError> errors = new ArrayList<>();
    private LocalDate first;
    private LocalDate last;

    private UsageSummaryRequest() {
    }

    static UsageSummaryRequest parse(String startTime, String endTime) {
        UsageSummaryRequest request = new UsageSummaryRequest();
        Instant start = QueryTimes.required("start_time", startTime, request.errors);
        Instant end = QueryTimes.required("end_time", endTime, request.errors);
        if (start != null && end != null) {
            request.checkWindow(start, end);
        }
        return request;
    }

    List<ValidationError> errors() {
        return errors;
    }

    /** The first UTC day of the window. */
    LocalDate first() {
        return first;
    }

    /** The last UTC day the window touches. */
    LocalDate last() {
        return last;
    }

    private void checkWindow(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            errors.add(new ValidationError("greater_than", "query.end_time", "end_time must be later than start_time."));
            return;
        }
        first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            errors.add(new ValidationError("less_than_equal", "query.end_time",
                    "The window may touch at most " + MAX_DAYS + " days."));
        }
    }
}
