package dev.speechmeter.rest;

import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.ApiError.ValidationError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /v1/concurrent-streams-history}, checked: {@code start_time},
 * {@code end_time}, {@code period_sec} and {@code kind}, each required and given once; the window
 * {@code [start_time, end_time)} on period starts, at most {@value #MAX_ENTRIES} periods, and at
 * most {@link #MAX_MINUTE_WINDOW} when the periods are minutes.
 */
final class ConcurrencyHistoryRequest {

    static final int MAX_ENTRIES = 20_000;
    static final Duration MAX_MINUTE_WINDOW = Duration.ofDays(7);

    /** The kinds a client asks for, and the pool each stands for. */
    private static final Map<String, String> POOLS = Map.of("stt", "transcribe", "tts", "tts");

    private final List<ValidationError> errors = new ArrayList<>();
    private String kind;
    private Resolution resolution;
    private Instant firstStart;
    private int count;

    private ConcurrencyHistoryRequest() {
    }

    static ConcurrencyHistoryRequest parse(Map<String, List<String>> parameters) {
        ConcurrencyHistoryRequest request = new ConcurrencyHistoryRequest();
        List<ValidationError> errors = request.errors;
        String startText = required(parameters, "start_time", errors);
        Instant start = startText == null ? null : QueryTimes.required("start_time", startText, errors);
        String endText = required(parameters, "end_time", errors);
        Instant end = endText == null ? null : QueryTimes.required("end_time", endText, errors);
        request.resolution = request.resolution(required(parameters, "period_sec", errors));
        request.kind = request.kind(required(parameters, "kind", errors));
        if (start != null && end != null && request.resolution != null && errors.isEmpty()) {
            request.checkWindow(start, end);
        }
        return request;
    }

    /** The one value of {@code name}, or null after adding an error; a repeat is not also called missing. */
    private static String required(Map<String, List<String>> parameters, String name, List<ValidationError> errors) {
        int before = errors.size();
        String value = QueryParameters.single(parameters, name, errors);
        if (value == null && errors.size() == before) {
            errors.add(new ValidationError("missing", "query." + name, name + " is required."));
        }
        return value;
    }

    private Resolution resolution(String value) {
        if (value == null) {
            return null;
        }
        Integer seconds = QueryNumbers.whole("period_sec", value, 1, Integer.MAX_VALUE, errors);
        if (seconds == null) {
            return null;
        }
        Resolution found = Resolution.ofSeconds(seconds);
        if (found == null) {
            errors.add(new ValidationError("enum", "query.period_sec", "period_sec must be 60, 3600 or 86400."));
        }
        return found;
    }

    private String kind(String value) {
        if (value != null && !POOLS.containsKey(value)) {
            errors.add(new ValidationError("enum", "query.kind", "kind must be stt or tts."));
            return null;
        }
        return value;
    }

    private void checkWindow(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            errors.add(new ValidationError("greater_than", "query.end_time", "end_time must be later than start_time."));
            return;
        }
        if (resolution == Resolution.MINUTE && Duration.between(start, end).compareTo(MAX_MINUTE_WINDOW) > 0) {
            errors.add(new ValidationError("less_than_equal", "query.end_time",
                    "With period_sec=60 the window may span at most 7 days."));
            return;
        }
        long period = resolution.seconds();
        long first = Math.floorDiv(wholeSecondsUp(start) + period - 1, period);
        long pastLast = Math.floorDiv(wholeSecondsUp(end) + period - 1, period);
        if (pastLast - first > MAX_ENTRIES) {
            errors.add(new ValidationError("less_than_equal", "query.end_time",
                    "The window may hold at most " + MAX_ENTRIES + " periods of period_sec."));
            return;
        }
        firstStart = Instant.ofEpochSecond(first * period);
        count = (int) Math.max(0, pastLast - first);
    }

    /** The time as whole seconds, a fraction rounded up: a period starting before it is not in the window. */
    private static long wholeSecondsUp(Instant time) {
        return time.getEpochSecond() + (time.getNano() > 0 ? 1 : 0);
    }

    List<ValidationError> errors() {
        return errors;
    }

    /** {@code stt} or {@code tts}, as asked. */
    String kind() {
        return kind;
    }

    /** The pool the kind stands for. */
    String pool() {
        return POOLS.get(kind);
    }

    Resolution resolution() {
        return resolution;
    }

    /** The start of the first period of the window. */
    Instant firstStart() {
        return firstStart;
    }

    /** The periods of the window, 0 when no period starts in it. */
    int count() {
        return count;
    }
}
