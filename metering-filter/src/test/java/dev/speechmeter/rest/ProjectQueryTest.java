package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.RequestLog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:00Z");
    private static final UUID PROJECT = UUID.randomUUID();

    @Test
    void withoutParametersTheLast30DaysFirstPageOfTen() {
        ProjectQuery query = ProjectQuery.requests(Map.of(), NOW);

        assertThat(query.errors()).isEmpty();
        assertThat(query.filter(PROJECT)).isEqualTo(RequestLog.Filter.of(PROJECT, Instant.parse("2026-10-23T10:15:00Z"), NOW));
        assertThat(query.limit()).isEqualTo(10);
        assertThat(query.page()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "2026-04-28,                     2026-04-28T00:00:00Z, 2026-04-29T00:00:00Z",
        "2026-04-28T09:00:00,            2026-04-28T09:00:00Z, 2026-04-28T09:00:00Z",
        "2026-04-28T09:00:00.250,        2026-04-28T09:00:00.250Z, 2026-04-28T09:00:00.250Z",
        "2026-04-28T09:00:00Z,           2026-04-28T09:00:00Z, 2026-04-28T09:00:00Z",
        "2026-04-28T09:00:00+02:00,      2026-04-28T07:00:00Z, 2026-04-28T07:00:00Z",
        "2026-04-28T09:00:00 02:00,      2026-04-28T07:00:00Z, 2026-04-28T07:00:00Z",
        "2026-04-28T09:00:00-05:30,      2026-04-28T14:30:00Z, 2026-04-28T14:30:00Z",
    })
    void readsEachTimeFormAsStartAndAsEnd(String text, Instant asStart, Instant asEnd) {
        ProjectQuery start = ProjectQuery.requests(Map.of("start", List.of(text), "end", List.of("2026-05-30")), NOW);
        ProjectQuery end = ProjectQuery.requests(Map.of("start", List.of("2026-04-01"), "end", List.of(text)), NOW);

        assertThat(start.errors()).isEmpty();
        assertThat(start.start()).isEqualTo(asStart);
        assertThat(end.errors()).isEmpty();
        assertThat(end.end()).as("a date as end includes that day").isEqualTo(asEnd);
    }

    @Test
    void aFilteredPagedQueryBecomesTheStoreFilter() {
        UUID key = UUID.randomUUID();
        UUID request = UUID.randomUUID();
        ProjectQuery query = ProjectQuery.requests(Map.of("start", List.of("2026-11-01"), "end", List.of("2026-11-21"),
                "limit", List.of("1000"), "page", List.of("3"), "status", List.of("failed"), "method", List.of("async"),
                "endpoint", List.of("transcribe_async"), "accessor", List.of(key.toString()),
                "request_id", List.of(request.toString())), NOW);

        assertThat(query.errors()).isEmpty();
        assertThat(query.filter(PROJECT)).isEqualTo(new RequestLog.Filter(PROJECT, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-22T00:00:00Z"), RequestLog.Status.FAILED, List.of("async"), "transcribe_async",
                List.of(key), request, List.of(), List.of()));
        assertThat(query.limit()).isEqualTo(1000);
        assertThat(query.page()).isEqualTo(3);
        assertThat(query.firstDay()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(query.lastDay()).isEqualTo(LocalDate.parse("2026-11-21"));
    }

    @ParameterizedTest
    @CsvSource({
        "start,      yesterday,        datetime_parsing,   query.start",
        "end,        2026-13-01,       datetime_parsing,   query.end",
        "end,        2026-01-01,       greater_than,       query.end",
        "limit,      0,                greater_than_equal, query.limit",
        "limit,      1001,             less_than_equal,    query.limit",
        "limit,      ten,              int_parsing,        query.limit",
        "limit,      99999999999999999999,  less_than_equal,    query.limit",
        "limit,      -99999999999999999999, greater_than_equal, query.limit",
        "limit,      1e3,              int_parsing,        query.limit",
        "limit,      10.0,             int_parsing,        query.limit",
        "limit,      ٥,                int_parsing,        query.limit",
        "page,       99999999999999999999,  less_than_equal,    query.page",
        "page,       2147483648,       less_than_equal,    query.page",
        "page,       -1,               greater_than_equal, query.page",
        "status,     ok,               enum,               query.status",
        "method,     batch,            enum,               query.method",
        "accessor,   not-a-key,        uuid_parsing,       query.accessor",
        "request_id, 42,               uuid_parsing,       query.request_id",
    })
    void eachBadRequestParameterIsNamed(String name, String value, String type, String location) {
        Map<String, List<String>> parameters = new HashMap<>(Map.of("start", List.of("2026-02-01")));
        parameters.put(name, List.of(value));

        assertThat(ProjectQuery.requests(parameters, NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }

    @Test
    void limitAndPageTakeSignsAndLeadingZerosUpToTheLargestInt() {
        ProjectQuery query = ProjectQuery.requests(Map.of("limit", List.of("+0001000"), "page", List.of("2147483647")), NOW);

        assertThat(query.errors()).isEmpty();
        assertThat(query.limit()).isEqualTo(1000);
        assertThat(query.page()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @CsvSource({
        "start, 1969-12-31T23:59:59Z,            greater_than_equal",
        "start, 1969-12-31T23:59:59.999999999,   greater_than_equal",
        "start, 1970-01-01T00:00:00+01:00,       greater_than_equal",
        "start, 0001-01-01,                      greater_than_equal",
        "start, -999999999-01-01T00:00:00Z,      greater_than_equal",
        "start, +999999999-06-01T00:00:00Z,      less_than_equal",
        "start, +1000000000-06-01T00:00:00Z,     datetime_parsing",
        "end,   9999-12-31,                      less_than_equal",
        "end,   9999-12-31T23:59:59.5Z,          less_than_equal",
        "end,   9999-12-31T23:59:59-01:00,       less_than_equal",
        "end,   +10000-01-01T00:00:00,           less_than_equal",
        "end,   +1000000000-06-01T00:00:00Z,     datetime_parsing",
        "end,   1969-12-30,                      greater_than_equal",
        "end,   -1000000000-06-01T00:00:00Z,     datetime_parsing",
    })
    void everyDateParameterOfEveryEndpointHasTheRange(String name, String value, String type) {
        Map<String, List<String>> parameters = new HashMap<>(Map.of("start", List.of("9999-01-01"), "end", List.of("9999-01-02")));
        parameters.put(name, List.of(value));

        for (ProjectQuery query : List.of(ProjectQuery.requests(parameters, NOW), ProjectQuery.usage(parameters, NOW),
                ProjectQuery.breakdown(parameters, NOW), ProjectQuery.fields(parameters, NOW))) {
            assertThat(query.errors()).extracting(ValidationError::errorType, ValidationError::location)
                    .containsExactly(tuple(type, "query." + name));
        }
    }

    @Test
    void theWidestWindowsAreReadWithoutOverflow() {
        ProjectQuery all = ProjectQuery.requests(Map.of("start", List.of("1970-01-01T00:00:00Z"),
                "end", List.of("9999-12-31T23:59:59Z")), NOW);
        ProjectQuery dates = ProjectQuery.requests(Map.of("start", List.of("1970-01-01"), "end", List.of("9999-12-30")), NOW);
        ProjectQuery lastYear = ProjectQuery.usage(Map.of("start", List.of("9999-01-01"), "end", List.of("9999-12-30")), NOW);

        assertThat(all.errors()).isEmpty();
        assertThat(all.firstDay()).isEqualTo(LocalDate.parse("1970-01-01"));
        assertThat(all.lastDay()).isEqualTo(LocalDate.parse("9999-12-31"));
        assertThat(dates.errors()).isEmpty();
        assertThat(dates.end()).isEqualTo(Instant.parse("9999-12-31T00:00:00Z"));
        assertThat(lastYear.errors()).isEmpty();
        assertThat(ProjectsJson.usage(lastYear.firstDay(), lastYear.lastDay(), List.of()).getString("end"))
                .isEqualTo("9999-12-30");
    }

    @Test
    void aDateAsEndIsCheckedAsTheInstantItStandsFor() {
        assertThat(ProjectQuery.requests(Map.of("start", List.of("1970-01-01"), "end", List.of("9999-12-30")), NOW)
                .errors()).isEmpty();
        assertThat(ProjectQuery.requests(Map.of("start", List.of("1970-01-01"), "end", List.of("9999-12-31")), NOW)
                .errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("less_than_equal", "query.end"));
        assertThat(ProjectQuery.requests(Map.of("end", List.of("1969-12-31")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("greater_than", "query.end"));
    }

    @Test
    void theDefaultStartIsNeverBefore1970() {
        ProjectQuery early = ProjectQuery.usage(Map.of("end", List.of("1970-01-02")), NOW);

        assertThat(early.errors()).isEmpty();
        assertThat(early.start()).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(ProjectQuery.requests(Map.of("end", List.of("1970-01-01T00:00:00Z")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("greater_than", "query.end"));
        ProjectQuery firstDay = ProjectQuery.usage(Map.of("end", List.of("1970-01-01T00:00:00Z")), NOW);
        assertThat(firstDay.errors()).as("the usage calls read the time as its whole day").isEmpty();
        assertThat(firstDay.start()).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(firstDay.lastDay()).isEqualTo(LocalDate.parse("1970-01-01"));
    }

    @Test
    void aRepeatedParameterAndAnOverlongTextAreRefused() {
        assertThat(ProjectQuery.requests(Map.of("limit", List.of("5", "6")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("multiple_values", "query.limit"));
        assertThat(ProjectQuery.usage(Map.of("model", List.of("m".repeat(257))), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("string_too_long", "query.model"));
    }

    @Test
    void theUsageWindowCoversAtMost366DaysWhileTheRequestListHasNoBound() {
        Map<String, List<String>> year = Map.of("start", List.of("2025-01-01"), "end", List.of("2026-01-01"));
        Map<String, List<String>> yearAndADay = Map.of("start", List.of("2025-01-01"), "end", List.of("2026-01-02"));

        assertThat(ProjectQuery.usage(year, NOW).errors()).isEmpty();
        assertThat(ProjectQuery.usage(yearAndADay, NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("less_than_equal", "query.end"));
        assertThat(ProjectQuery.fields(yearAndADay, NOW).errors()).hasSize(1);
        assertThat(ProjectQuery.requests(yearAndADay, NOW).errors()).isEmpty();
    }

    @Test
    void aFeatureAskedForMatchesNothingSinceNoneIsRecordedButATagFilters() {
        assertThat(ProjectQuery.usage(Map.of("diarize", List.of("false"), "punctuate", List.of("FALSE")), NOW)
                .matchesNothing()).isFalse();
        assertThat(ProjectQuery.usage(Map.of("diarize", List.of("true")), NOW).matchesNothing()).isTrue();
        assertThat(ProjectQuery.usage(Map.of("tag", List.of("team-a")), NOW).matchesNothing()).isFalse();
        assertThat(ProjectQuery.usage(Map.of("tag", List.of("team-a")), NOW).filter(PROJECT).tags())
                .containsExactly("team-a");
        assertThat(ProjectQuery.usage(Map.of("smart_format", List.of("maybe")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("bool_parsing", "query.smart_format"));
        assertThat(ProjectQuery.usage(Map.of("unknown_flag", List.of("true")), NOW).matchesNothing())
                .as("unknown parameters are ignored").isFalse();
    }

    @Test
    void groupingTakesRepeatedAndCommaSeparatedNames() {
        ProjectQuery query = ProjectQuery.breakdown(Map.of("grouping", List.of("models,method", "accessor,tags")), NOW);

        assertThat(query.errors()).isEmpty();
        assertThat(query.grouping()).containsExactly("models", "method", "accessor", "tags");
        assertThat(ProjectsJson.recorded(query.grouping())).containsExactlyInAnyOrder(
                RequestLog.Grouping.MODEL, RequestLog.Grouping.METHOD, RequestLog.Grouping.ACCESSOR,
                RequestLog.Grouping.TAGS);
        assertThat(ProjectQuery.breakdown(Map.of("grouping", List.of("models,colour")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("enum", "query.grouping"));
    }

    @Test
    void accessorMethodModelAndTagTakeSeveralValuesEachAnAlternative() {
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        ProjectQuery requests = ProjectQuery.requests(Map.of("accessor", List.of(one.toString(), two.toString(), one.toString()),
                "method", List.of("sync", "streaming")), NOW);
        ProjectQuery usage = ProjectQuery.usage(Map.of("model", List.of("stt-1", "多言語", "stt-1"),
                "method", List.of("async")), NOW);

        assertThat(requests.errors()).isEmpty();
        assertThat(requests.filter(PROJECT).accessors()).as("a repeat counts once").containsExactly(one, two);
        assertThat(requests.filter(PROJECT).methods()).containsExactly("sync", "streaming");
        assertThat(usage.errors()).isEmpty();
        assertThat(usage.filter(PROJECT).models()).containsExactly("stt-1", "多言語");
        assertThat(usage.filter(PROJECT).methods()).containsExactly("async");
        assertThat(ProjectQuery.usage(Map.of("tag", List.of("team-a", "team-b", "team-a")), NOW).filter(PROJECT).tags())
                .containsExactly("team-a", "team-b");
    }

    @ParameterizedTest
    @CsvSource({"limit", "page", "status", "endpoint", "request_id", "start", "end"})
    void everyOtherRequestParameterIsRefusedWhenRepeated(String name) {
        String value = switch (name) {
            case "status" -> "failed";
            case "endpoint" -> "tts_rest";
            case "request_id" -> UUID.randomUUID().toString();
            case "start", "end" -> "2026-11-01";
            default -> "1";
        };

        assertThat(ProjectQuery.requests(Map.of(name, List.of(value, value)), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("multiple_values", "query." + name));
    }

    @Test
    void aRepeatedFeatureFlagIsStillRefused() {
        assertThat(ProjectQuery.usage(Map.of("diarize", List.of("false", "false")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("multiple_values", "query.diarize"));
    }

    @ParameterizedTest
    @CsvSource({"accessor", "method", "model", "tag"})
    void aHundredValuesAreTakenAndOneMoreIsOneError(String name) {
        String value = switch (name) {
            case "accessor" -> UUID.randomUUID().toString();
            case "method" -> "sync";
            default -> "x";
        };

        assertThat(ProjectQuery.usage(Map.of(name, Collections.nCopies(100, value)), NOW).errors()).isEmpty();
        assertThat(ProjectQuery.usage(Map.of(name, Collections.nCopies(101, value)), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("too_long", "query." + name));
        assertThat(ProjectQuery.usage(Map.of(name, Collections.nCopies(10_000, value)), NOW).errors())
                .extracting(ValidationError::message)
                .containsExactly(name + " may be given at most 100 times.");
    }

    @ParameterizedTest
    @CsvSource({
        "accessor, string_too_short",
        "method,   string_too_short",
        "model,    string_too_short",
        "tag,      string_too_short",
    })
    void anEmptyValueOfARepeatableFilterIsRefused(String name, String type) {
        assertThat(ProjectQuery.usage(Map.of(name, List.of("")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, "query." + name));
        assertThat(ProjectQuery.usage(Map.of(name, List.of("sync", "")), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, "query." + name));
    }

    @Test
    void manyBadValuesOfOneParameterAreOneError() {
        List<String> bad = IntStream.range(0, 100).mapToObj(i -> "key-" + i).toList();

        assertThat(ProjectQuery.requests(Map.of("accessor", bad, "method", List.of("sync", "batch", "fax")), NOW)
                .errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("enum", "query.method"), tuple("uuid_parsing", "query.accessor"));
    }

    @ParameterizedTest
    @CsvSource({
        "model,    'stt\u0000',     string_pattern_mismatch",
        "model,    '\ud800x',       string_pattern_mismatch",
        "tag,      'a\u0000b',      string_pattern_mismatch",
        "endpoint, 'tts\u0000',     string_pattern_mismatch",
        "accessor, 'ｕｕｉｄ',        uuid_parsing",
        "accessor, '\u0000',        uuid_parsing",
        "method,   'ｓｙｎｃ',        enum",
        "start,    '２０２６-01-01', datetime_parsing",
    })
    void textNoStoreCanCompareIsRefused(String name, String escaped, String type) {
        String value = unescape(escaped);

        assertThat(ProjectQuery.usage(Map.of(name, List.of(value)), NOW).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, "query." + name));
    }

    @Test
    void unicodeTextIsAFilterLikeAnyOther() {
        ProjectQuery query = ProjectQuery.usage(Map.of("model", List.of("модель-🎵", "ü"), "endpoint", List.of("語")), NOW);

        assertThat(query.errors()).isEmpty();
        assertThat(query.filter(PROJECT).models()).containsExactly("модель-🎵", "ü");
        assertThat(query.filter(PROJECT).endpoint()).isEqualTo("語");
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-03T10:15:00Z,        2026-11-05T10:15:00Z,   2026-11-03T00:00:00Z, 2026-11-06T00:00:00Z",
        "2026-11-03T00:00:00Z,        2026-11-05T00:00:00Z,   2026-11-03T00:00:00Z, 2026-11-06T00:00:00Z",
        "2026-11-03T23:59:59.999,     2026-11-05T23:59:59,    2026-11-03T00:00:00Z, 2026-11-06T00:00:00Z",
        "2026-11-03T01:00:00+02:00,   2026-11-05T23:00:00-02:00, 2026-11-02T00:00:00Z, 2026-11-07T00:00:00Z",
        "2026-11-03,                  2026-11-05,             2026-11-03T00:00:00Z, 2026-11-06T00:00:00Z",
        "2026-11-03T10:15:00Z,        2026-11-03T10:15:00Z,   2026-11-03T00:00:00Z, 2026-11-04T00:00:00Z",
    })
    void usageAndFieldsReadATimeAsItsUtcDate(String start, String end, Instant firstInstant, Instant endInstant) {
        Map<String, List<String>> parameters = Map.of("start", List.of(start), "end", List.of(end));

        for (ProjectQuery query : List.of(ProjectQuery.usage(parameters, NOW), ProjectQuery.breakdown(parameters, NOW),
                ProjectQuery.fields(parameters, NOW))) {
            assertThat(query.errors()).isEmpty();
            assertThat(query.start()).isEqualTo(firstInstant);
            assertThat(query.end()).isEqualTo(endInstant);
        }
    }

    @Test
    void theRequestListKeepsTheTimeAsWritten() {
        ProjectQuery query = ProjectQuery.requests(Map.of("start", List.of("2026-11-03T10:15:00Z"),
                "end", List.of("2026-11-05T10:15:00Z")), NOW);

        assertThat(query.start()).isEqualTo(Instant.parse("2026-11-03T10:15:00Z"));
        assertThat(query.end()).isEqualTo(Instant.parse("2026-11-05T10:15:00Z"));
    }

    @Test
    void theDefaultUsageWindowIsThe30WholeDaysUpToToday() {
        ProjectQuery query = ProjectQuery.usage(Map.of(), Instant.parse("2026-11-22T23:59:59.999Z"));

        assertThat(query.errors()).isEmpty();
        assertThat(query.start()).isEqualTo(Instant.parse("2026-10-24T00:00:00Z"));
        assertThat(query.end()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(query.firstDay()).isEqualTo(LocalDate.parse("2026-10-24"));
        assertThat(query.lastDay()).isEqualTo(LocalDate.parse("2026-11-22"));
    }

    @ParameterizedTest
    @CsvSource({
        "end,   9999-12-31T00:00:00Z,            less_than_equal",
        "end,   9999-12-31T23:59:59Z,            less_than_equal",
        "end,   +999999999-12-31T23:59:59Z,      less_than_equal",
        "end,   +999999999-12-31T23:59:59-18:00, less_than_equal",
        "start, +999999999-12-31T23:59:59-18:00, less_than_equal",
        "start, 999999999-01-01T00:00:00Z,       datetime_parsing",
        "start, -999999999-01-01T00:00:00+18:00, greater_than_equal",
        "start, 1969-12-31T23:59:59Z,            greater_than_equal",
        "end,   2026-11-03T25:00:00Z,            datetime_parsing",
        "end,   2026-02-29T10:00:00Z,            datetime_parsing",
    })
    void extremeOrMalformedTimesOfTheUsageCallsAreOneError(String name, String value, String type) {
        Map<String, List<String>> parameters = new HashMap<>(Map.of("start", List.of("9999-01-01"), "end", List.of("9999-01-02")));
        parameters.put(name, List.of(value));

        for (ProjectQuery query : List.of(ProjectQuery.usage(parameters, NOW), ProjectQuery.breakdown(parameters, NOW),
                ProjectQuery.fields(parameters, NOW))) {
            assertThat(query.errors()).extracting(ValidationError::errorType, ValidationError::location)
                    .containsExactly(tuple(type, "query." + name));
        }
    }

    @Test
    void theLastTimeOfTheRangeIsItsLastWholeDay() {
        ProjectQuery query = ProjectQuery.usage(Map.of("start", List.of("9999-12-30T12:00:00Z"),
                "end", List.of("9999-12-30T23:59:59Z")), NOW);

        assertThat(query.errors()).isEmpty();
        assertThat(query.lastDay()).isEqualTo(LocalDate.parse("9999-12-30"));
    }

    /** CSV cannot carry a NUL or half a surrogate pair, so the cases write them as Java escapes. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }
}
