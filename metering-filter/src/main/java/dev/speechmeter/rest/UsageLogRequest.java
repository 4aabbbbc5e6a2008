package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.UsageLog;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The query of {@code GET /v1/usage-logs}, checked field by field as the API documents it: both
 * times required, {@code end_time > start_time}, a window of at most 31 days starting no earlier
 * than 91 days ago, {@code limit} 1..1000, {@code sort} ascending or descending by end time, and
 * a {@code cursor} that belongs to the same sort.
 */
final class UsageLogRequest {

    static final Duration MAX_WINDOW = Duration.ofDays(31);
    static final Duration HORIZON = Duration.ofDays(91);
    static final int MAX_LIMIT = 1000;
    static final String ASCENDING = "end_time_asc";
    static final String DESCENDING = "end_time_desc";
    static final int MAX_CLIENT_REFERENCE_ID = 256;
    /** Longer than any cursor this API makes: an end time, a UUID and the sort, in base64. */
    static final int MAX_CURSOR_LENGTH = 200;

    private final List<ValidationError> errors = new ArrayList<>();
    private Instant start;
    private Instant end;
    private int limit = MAX_LIMIT;
    private boolean descending;
    private UsageLog.Position after;
    private String clientReferenceId;

    private UsageLogRequest() {
    }

    static UsageLogRequest parse(String startTime, String endTime, String limitText, String sort, String cursor,
                                 String clientReferenceId, Instant now) {
        UsageLogRequest request = new UsageLogRequest();
        request.start = QueryTimes.required("start_time", startTime, request.errors);
        request.end = QueryTimes.required("end_time", endTime, request.errors);
        request.checkWindow(now);
        request.readLimit(limitText);
        request.readSort(sort);
        request.readCursor(cursor);
        request.readClientReferenceId(clientReferenceId);
        return request;
    }

    List<ValidationError> errors() {
        return errors;
    }

    UsageLog.Query query(UUID projectId) {
        return new UsageLog.Query(projectId, start, end, limit, descending, after, clientReferenceId);
    }

    /** The opaque cursor of the page after {@code position}, for this sort. */
    String cursorAfter(UsageLog.Position position) {
        String plain = (descending ? DESCENDING : ASCENDING) + "|" + position.endTime() + "|" + position.uuid();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private void checkWindow(Instant now) {
        if (start == null || end == null) {
            return;
        }
        if (!end.isAfter(start)) {
            error("greater_than", "end_time", "end_time must be later than start_time.");
        } else if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            error("less_than_equal", "end_time", "The window from start_time to end_time must be at most 31 days.");
        }
        if (start.isBefore(now.minus(HORIZON))) {
            error("greater_than_equal", "start_time", "start_time must be at most 91 days ago.");
        }
    }

    private void readLimit(String value) {
        Integer parsed = QueryNumbers.whole("limit", value, 1, MAX_LIMIT, errors);
        if (parsed != null) {
            limit = parsed;
        }
    }

    private void readSort(String value) {
        if (value == null || value.equals(ASCENDING)) {
            descending = false;
        } else if (value.equals(DESCENDING)) {
            descending = true;
        } else {
            error("enum", "sort", "sort must be " + ASCENDING + " or " + DESCENDING + ".");
        }
    }

    private void readCursor(String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            if (value.length() > MAX_CURSOR_LENGTH) {
                throw new IllegalArgumentException("not a cursor");
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a cursor");
            }
            if (!parts[0].equals(descending ? DESCENDING : ASCENDING)) {
                error("invalid", "cursor", "cursor was made for another sort; send the same sort as the first page.");
                return;
            }
            Instant endTime = Instant.parse(parts[1]);
            if (!QueryTimes.isInRange(endTime)) {
                throw new IllegalArgumentException("not a cursor");
            }
            after = new UsageLog.Position(endTime, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | DateTimeException e) {
            error("invalid", "cursor", "cursor is not one this API made; send next_page_cursor as it was given.");
        }
    }

    private void readClientReferenceId(String value) {
        if (value != null && value.length() > MAX_CLIENT_REFERENCE_ID) {
            error("string_too_long", "client_reference_id",
                    "client_reference_id must have at most " + MAX_CLIENT_REFERENCE_ID + " characters.");
        } else {
            clientReferenceId = value;
        }
    }

    private void error(String type, String field, String message) {
        errors.add(new ValidationError(type, "query." + field, message));
    }
}
