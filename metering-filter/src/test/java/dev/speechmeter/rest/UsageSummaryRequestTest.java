package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageSummaryRequestTest {

    @Test
    void aWindowMayTouch366Days() {
        UsageSummaryRequest leapYear = UsageSummaryRequest.parse("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");

        assertThat(leapYear.errors()).isEmpty();
        assertThat(leapYear.last()).isEqualTo(LocalDate.parse("2024-12-31"));
    }

    @Test
    void theFirstAndTheLastDayOfTheRangeCanBeSummed() {
        UsageSummaryRequest first = UsageSummaryRequest.parse("1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z");
        UsageSummaryRequest last = UsageSummaryRequest.parse("9999-01-01T00:00:00Z", "9999-12-31T23:59:59Z");

        assertThat(first.errors()).isEmpty();
        assertThat(first.first()).isEqualTo(LocalDate.parse("1970-01-01"));
        assertThat(first.last()).isEqualTo(LocalDate.parse("1970-01-01"));
        assertThat(last.errors()).isEmpty();
        assertThat(last.first()).isEqualTo(LocalDate.parse("9999-01-01"));
        assertThat(last.last()).isEqualTo(LocalDate.parse("9999-12-31"));
        assertThat(new UsageSummary(last.first(), last.last()).json().getJsonObject("total").getJsonArray("days"))
                .hasSize(365);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "+1000000000-06-01T00:00:00Z, 2026-11-01T00:00:00Z,        less_than_equal,    query.start_time",
        "2026-11-01T00:00:00Z,        +1000000000-06-01T00:00:00Z, less_than_equal,    query.end_time",
        "-1000000000-06-01T00:00:00Z, 2026-11-01T00:00:00Z,        greater_than_equal, query.start_time",
        "1969-12-31T23:59:59Z,        1970-01-01T00:00:01Z,        greater_than_equal, query.start_time",
        "9999-12-31T00:00:00Z,        +10000-01-01T00:00:00Z,      less_than_equal,    query.end_time",
        "1970-01-01T00:00:00Z,        1970-01-01T00:00:00Z,        greater_than,       query.end_time",
        "2024-01-01T00:00:00Z,        2025-01-01T00:00:00.000000001Z, less_than_equal, query.end_time",
        "1970-01-01T00:00:00Z,        9999-12-31T23:59:59Z,        less_than_equal,    query.end_time",
        "null,                        2026-01-02T00:00:00Z,        missing,            query.start_time",
        "2026-01-01T00:00:00Z,        2026-01-02,                  datetime_parsing,   query.end_time",
    })
    void eachBadTimeIsNamed(String start, String end, String type, String location) {
        assertThat(UsageSummaryRequest.parse(start, end).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }
}
