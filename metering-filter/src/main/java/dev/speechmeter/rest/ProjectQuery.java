package dev.speechmeter.rest;

import dev.speechmeter.internal.engine.ProcessingMethod;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.RequestLog.Grouping;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The query parameters of the Deepgram-style endpoints, read and checked in one
 * place: one validation error per bad parameter, named {@code query.<name>}.
 *
 * <p>Times: {@code YYYY-MM-DD}, {@code YYYY-MM-DDTHH:MM:SS[.fff]} and the same with an offset
 * ({@code Z}, {@code +02:00}); without a zone they are UTC. A date as {@code start} is the start
 * of that day; a date as {@code end} includes that whole day; a time as {@code end} is exclusive.
 * Without {@code end} the window ends now; without {@code start} it starts 30 days before its end
 * (not before 1970). Every time stands for an instant in {@link QueryTimes}' range. The usage
 * calls count whole UTC days: there a time is read as its UTC date, so {@code start} starts that
 * day and {@code end} includes it, as dates do.
 *
 * <p>{@code accessor}, {@code method}, {@code model} and {@code tag} may be repeated, each value
 * an alternative, up to {@link RequestLog.Filter#MAX_VALUES} values; none may be empty. Any other
 * parameter given twice is refused.
 *
 * <p>Speechmeter records no Deepgram features, so a feature flag such as {@code diarize=true}
 * matches no request; {@code diarize=false} excludes none.
 */
final class ProjectQuery {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    /** The usage endpoints sum over at most this many days, like {@code /v1/usage/summary}. */
    static final int MAX_USAGE_DAYS = 366;
    static final int MAX_TEXT = 256;

    /** The Deepgram request features its usage endpoints filter on. */
    static final Set<String> FEATURES = Set.of("alternatives", "callback", "callback_method", "channels",
            "custom_intent", "custom_intent_mode", "custom_topic", "custom_topic_mode", "detect_entities",
            "detect_language", "detect_topics", "diarize", "dictation", "encoding", "extra", "filler_words",
            "intents", "interim_results", "keyterm", "keywords", "language", "measurements", "multichannel", "ner",
            "numerals", "numbers", "paragraphs", "profanity_filter", "punctuate", "redact", "replace", "sample_rate",
            "search", "sentiment", "smart_format", "summarize", "topics", "utt_split", "utterances");

    /** The groupings of {@code /usage/breakdown}; those Speechmeter does not record map to null. */
    static final Map<String, Grouping> GROUPINGS = groupings();

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** An offset whose '+' arrived as a space, because the client did not encode it in the URL. */
    private static final Pattern UNENCODED_PLUS = Pattern.compile(" (\\d{2}:?\\d{2})$");

    private final Map<String, List<String>> parameters;
    private final List<ValidationError> errors = new ArrayList<>();
    private Instant start;
    private Instant end;
    private int limit = DEFAULT_LIMIT;
    private int page;
    private RequestLog.Status status;
    private List<String> methods = List.of();
    private String endpoint;
    private List<String> models = List.of();
    private List<String> tags = List.of();
    private List<UUID> accessors = List.of();
    private UUID requestId;
    private boolean matchesNothing;
    private final Set<String> grouping = new LinkedHashSet<>();

    private ProjectQuery(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** {@code GET .../requests}: window, paging and the request filters. */
    static ProjectQuery requests(Map<String, List<String>> parameters, Instant now) {
        ProjectQuery query = new ProjectQuery(parameters);
        query.readWindow(now, Integer.MAX_VALUE, false);
        query.readLimitAndPage();
        query.readStatus();
        query.readCommonFilters();
        query.requestId = query.uuid("request_id");
        return query;
    }

    /** {@code GET .../usage}: window and the usage filters. */
    static ProjectQuery usage(Map<String, List<String>> parameters, Instant now) {
        ProjectQuery query = new ProjectQuery(parameters);
        query.readWindow(now, MAX_USAGE_DAYS, true);
        query.readCommonFilters();
        query.models = query.texts("model");
        query.readTagAndFeatures();
        return query;
    }

    /** {@code GET .../usage/breakdown}: as {@link #usage} and {@code grouping}. */
    static ProjectQuery breakdown(Map<String, List<String>> parameters, Instant now) {
        ProjectQuery query = usage(parameters, now);
        query.readGrouping();
        return query;
    }

    /** {@code GET .../usage/fields}: the window only, in whole days. */
    static ProjectQuery fields(Map<String, List<String>> parameters, Instant now) {
        ProjectQuery query = new ProjectQuery(parameters);
        query.readWindow(now, MAX_USAGE_DAYS, true);
        return query;
    }

    List<ValidationError> errors() {
        return errors;
    }

    RequestLog.Filter filter(UUID projectId) {
        return new RequestLog.Filter(projectId, start, end, status, methods, endpoint, accessors, requestId, models,
                tags);
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    /** The first UTC day of the window. */
    LocalDate firstDay() {
        return LocalDate.ofInstant(start, ZoneOffset.UTC);
    }

    /** The last UTC day the half-open window touches. */
    LocalDate lastDay() {
        return LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
    }

    int limit() {
        return limit;
    }

    int page() {
        return page;
    }

    /** True when a feature filter asks for what Speechmeter never records. */
    boolean matchesNothing() {
        return matchesNothing;
    }

    /** The groupings asked for, by their Deepgram names, in the order given. */
    Set<String> grouping() {
        return grouping;
    }

    /** @param wholeDays whether a time is read as its UTC date, for the calls that count whole days */
    private void readWindow(Instant now, int maxDays, boolean wholeDays) {
        Instant parsedEnd = time("end", true, wholeDays);
        Instant parsedStart = time("start", false, wholeDays);
        if (!errors.isEmpty()) {
            return;
        }
        end = parsedEnd != null ? parsedEnd : wholeDays ? nextDay(now) : now;
        start = parsedStart != null ? parsedStart : latest(end.minus(DEFAULT_WINDOW), QueryTimes.EARLIEST);
        if (!end.isAfter(start)) {
            error("greater_than", "end", "end must be later than start.");
        } else if (lastDayOf(end).toEpochDay() - LocalDate.ofInstant(start, ZoneOffset.UTC).toEpochDay() >= maxDays) {
            error("less_than_equal", "end", "The window from start to end must cover at most " + maxDays + " days.");
        }
    }

    private static Instant latest(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    private static LocalDate lastDayOf(Instant end) {
        return LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
    }

    private static Instant nextDay(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private void readLimitAndPage() {
        Integer parsedLimit = QueryNumbers.whole("limit", single("limit"), 1, MAX_LIMIT, errors);
        if (parsedLimit != null) {
            limit = parsedLimit;
        }
        Integer parsedPage = QueryNumbers.whole("page", single("page"), 0, Integer.MAX_VALUE, errors);
        if (parsedPage != null) {
            page = parsedPage;
        }
    }

    private void readStatus() {
        String value = single("status");
        if (value == null) {
            return;
        }
        switch (value) {
            case "succeeded" -> status = RequestLog.Status.SUCCEEDED;
            case "failed" -> status = RequestLog.Status.FAILED;
            default -> error("enum", "status", "status must be succeeded or failed.");
        }
    }

    private void readCommonFilters() {
        methods = repeatable("method");
        if (!ProcessingMethod.wireNames().containsAll(methods)) {
            error("enum", "method", "method must be sync, async or streaming.");
            methods = List.of();
        }
        endpoint = text("endpoint");
        accessors = uuids("accessor");
    }

    private void readTagAndFeatures() {
        tags = texts("tag");
        for (String feature : FEATURES) {
            String value = single(feature);
            if (value == null) {
                continue;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> matchesNothing = true;
                case "false" -> { }
                default -> error("bool_parsing", feature, feature + " must be true or false.");
            }
        }
    }

    private void readGrouping() {
        for (String value : parameters.getOrDefault("grouping", List.of())) {
            for (String name : value.split(",")) {
                String trimmed = name.trim();
                if (GROUPINGS.containsKey(trimmed)) {
                    grouping.add(trimmed);
                } else if (!trimmed.isEmpty()) {
                    error("enum", "grouping", "grouping must be one or more of " + String.join(", ", GROUPINGS.keySet())
                            + ".");
                    return;
                }
            }
        }
    }

    /**
     * The instant the parameter stands for (for a date as {@code end}, the next day's start), in
     * range; with {@code wholeDays}, a time stands for its UTC date.
     */
    private Instant time(String name, boolean isEnd, boolean wholeDays) {
        String value = single(name);
        if (value == null) {
            return null;
        }
        String text = value.length() > QueryTimes.MAX_LENGTH ? null
                : UNENCODED_PLUS.matcher(value.trim()).replaceFirst("+$1");
        Instant time = text == null ? null : parse(text, isEnd);
        if (time == null) {
            error("datetime_parsing", name, name + " must be a date (2026-04-28) or a time (2026-04-28T09:00:00, "
                    + "with or without an offset such as Z or +02:00).");
            return null;
        }
        time = QueryTimes.inRange(name, time, errors);
        if (time == null || !wholeDays || DATE.matcher(text).matches()) {
            return time;
        }
        // Only now, in range, is the day arithmetic safe.
        LocalDate day = LocalDate.ofInstant(time, ZoneOffset.UTC);
        return QueryTimes.inRange(name, (isEnd ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant(), errors);
    }

    private static Instant parse(String text, boolean isEnd) {
        try {
            if (DATE.matcher(text).matches()) {
                LocalDate day = LocalDate.parse(text);
                return (isEnd ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeException e) {
            return null;
        }
    }

    private UUID uuid(String name) {
        String value = single(name);
        if (value == null) {
            return null;
        }
        UUID id = uuidOrNull(value);
        if (id == null) {
            error("uuid_parsing", name, name + " must be a UUID.");
        }
        return id;
    }

    /** Every value of a repeatable parameter as a UUID; empty when absent or after an error. */
    private List<UUID> uuids(String name) {
        List<UUID> ids = new ArrayList<>();
        for (String value : repeatable(name)) {
            UUID id = uuidOrNull(value);
            if (id == null) {
                error("uuid_parsing", name, name + " must be a UUID; each value is checked.");
                return List.of();
            }
            ids.add(id);
        }
        return ids;
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String text(String name) {
        String value = single(name);
        return value == null || isText(name, value) ? value : null;
    }

    /** Every value of a repeatable text parameter; empty when absent or after an error. */
    private List<String> texts(String name) {
        List<String> values = repeatable(name);
        for (String value : values) {
            if (!isText(name, value)) {
                return List.of();
            }
        }
        return values;
    }

    /** True when a store can compare the value; otherwise one error on the parameter. */
    private boolean isText(String name, String value) {
        if (value.length() > MAX_TEXT) {
            error("string_too_long", name, name + " must have at most " + MAX_TEXT + " characters.");
            return false;
        }
        // PostgreSQL refuses a NUL in text, and no encoding holds half a surrogate pair.
        if (value.indexOf('\0') >= 0 || !StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            error("string_pattern_mismatch", name, name + " must not hold a NUL character or an unpaired surrogate.");
            return false;
        }
        return true;
    }

    /**
     * The values of a parameter that may be repeated, each an alternative; empty when absent. More
     * than {@link RequestLog.Filter#MAX_VALUES} values, or an empty one, is one error on it.
     */
    private List<String> repeatable(String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > RequestLog.Filter.MAX_VALUES) {
            error("too_long", name, name + " may be given at most " + RequestLog.Filter.MAX_VALUES + " times.");
            return List.of();
        }
        if (values.stream().anyMatch(String::isEmpty)) {
            error("string_too_short", name, name + " must not be empty.");
            return List.of();
        }
        return values;
    }

    /** The parameter's value; null when absent or empty. A repeated parameter is an error. */
    private String single(String name) {
        return QueryParameters.single(parameters, name, errors);
    }

    private void error(String type, String field, String message) {
        errors.add(new ValidationError(type, "query." + field, message));
    }

    private static Map<String, Grouping> groupings() {
        Map<String, Grouping> groupings = new LinkedHashMap<>();
        groupings.put("accessor", Grouping.ACCESSOR);
        groupings.put("endpoint", Grouping.ENDPOINT);
        groupings.put("feature_set", null);
        groupings.put("models", Grouping.MODEL);
        groupings.put("method", Grouping.METHOD);
        groupings.put("tags", Grouping.TAGS);
        groupings.put("deployment", null);
        return Collections.unmodifiableMap(groupings);
    }
}
