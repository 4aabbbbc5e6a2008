package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyHistoryRequestTest {

    @Test
    void theWindowIsEveryPeriodStartingInIt() {
        ConcurrencyHistoryRequest request = parse("2026-11-22T10:00:30Z", "2026-11-22T11:00:00.5Z", "60", "stt");

        assertThat(request.errors()).isEmpty();
        assertThat(request.pool()).isEqualTo("transcribe");
        assertThat(request.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(request.firstStart()).isEqualTo(Instant.parse("2026-11-22T10:01:00Z"));
        // 10:01 to 11:00, both included: 11:00 is before 11:00.5.
        assertThat(request.count()).isEqualTo(60);
    }

    @Test
    void aWindowInsideOnePeriodHasNoEntries() {
        ConcurrencyHistoryRequest request = parse("2026-11-22T10:00:01Z", "2026-11-22T10:59:59Z", "3600", "tts");

        assertThat(request.errors()).isEmpty();
        assertThat(request.pool()).isEqualTo("tts");
        assertThat(request.count()).isZero();
    }

    @Test
    void sevenDaysOfMinutesAnd20000PeriodsAreTheMost() {
        ConcurrencyHistoryRequest week = parse("2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z", "60", "stt");
        ConcurrencyHistoryRequest hours = parse("2026-01-01T00:00:00Z",
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(20_000L * 3600).toString(), "3600", "stt");
        ConcurrencyHistoryRequest days = parse("1970-01-01T00:00:00Z", "2024-10-04T00:00:00Z", "86400", "stt");

        assertThat(week.errors()).isEmpty();
        assertThat(week.count()).isEqualTo(7 * 24 * 60);
        assertThat(hours.errors()).isEmpty();
        assertThat(hours.count()).isEqualTo(20_000);
        assertThat(days.errors()).isEmpty();
        assertThat(days.count()).isEqualTo(20_000);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "2026-11-01T00:00:00Z, 2026-11-08T00:00:01Z, 60,    stt,  less_than_equal,    query.end_time",
        "2026-01-01T00:00:00Z, 2028-04-13T08:00:01Z, 3600,  stt,  less_than_equal,    query.end_time",
        "1970-01-01T00:00:00Z, 9999-12-31T23:59:59Z, 86400, stt,  less_than_equal,    query.end_time",
        "2026-11-02T00:00:00Z, 2026-11-01T00:00:00Z, 60,    stt,  greater_than,       query.end_time",
        "2026-11-01T00:00:00Z, 2026-11-01T00:00:00Z, 60,    stt,  greater_than,       query.end_time",
        "1969-12-31T23:59:59Z, 2026-11-01T00:00:00Z, 3600,  stt,  greater_than_equal, query.start_time",
        "2026-11-01T00:00:00Z, +10000-01-01T00:00:00Z, 86400, stt, less_than_equal,   query.end_time",
        "-1000000000-01-01T00:00:00Z, 2026-11-01T00:00:00Z, 60, stt, greater_than_equal, query.start_time",
        "yesterday,            2026-11-01T00:00:00Z, 60,    stt,  datetime_parsing,   query.start_time",
        "null,                 2026-11-01T00:00:00Z, 60,    stt,  missing,            query.start_time",
        "2026-11-01T00:00:00Z, null,                 60,    stt,  missing,            query.end_time",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, null,  stt,  missing,            query.period_sec",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, 60,    null, missing,            query.kind",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, 61,    stt,  enum,               query.period_sec",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, 60.0,  stt,  int_parsing,        query.period_sec",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, 0,     stt,  greater_than_equal, query.period_sec",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, 99999999999999999999, stt, less_than_equal, query.period_sec",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, 60,    STT,  enum,               query.kind",
        "2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z, 60,    transcribe, enum,         query.kind",
    })
    void eachBadParameterIsNamed(String start, String end, String period, String kind, String type, String location) {
        assertThat(parse(start, end, period, kind).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }

    @Test
    void aRepeatedParameterIsRefusedOnce() {
        Map<String, List<String>> parameters = parameters("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "60", "stt");
        parameters.put("kind", List.of("stt", "tts"));
        parameters.put("start_time", List.of("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"));

        assertThat(ConcurrencyHistoryRequest.parse(parameters).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactlyInAnyOrder(tuple("multiple_values", "query.start_time"),
                        tuple("multiple_values", "query.kind"));
    }

    @Test
    void theAnswerHasTheFieldsOfEachPeriod() {
        JsonObject json = ConcurrentStreamsHistoryResource.json("stt", List.of(
                new ConcurrencyHistoryStore.Entry(Instant.parse("2026-11-22T10:00:00Z"), 60, 1, 3, 7, 4, 3)));

        assertThat(json.toString()).isEqualTo("{\"kind\":\"stt\",\"entries\":[{\"period_start\":"
                + "\"2026-11-22T10:00:00Z\",\"period_sec\":60,\"sample_min\":1,\"sample_max\":3,\"sample_sum\":7,"
                + "\"sample_count\":4,\"total_count\":3}]}");
    }

    private static ConcurrencyHistoryRequest parse(String start, String end, String period, String kind) {
        return ConcurrencyHistoryRequest.parse(parameters(start, end, period, kind));
    }

    private static Map<String, List<String>> parameters(String start, String end, String period, String kind) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        put(parameters, "start_time", start);
        put(parameters, "end_time", end);
        put(parameters, "period_sec", period);
        put(parameters, "kind", kind);
        return parameters;
    }

    private static void put(Map<String, List<String>> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, List.of(value));
        }
    }
}
