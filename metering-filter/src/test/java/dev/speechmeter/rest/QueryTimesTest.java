package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTimesTest {

    @ParameterizedTest
    @CsvSource({
        "1970-01-01T00:00:00Z",
        "1970-01-01T00:00:00.000000000Z",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59.000Z",
        "2026-04-28T09:00:00.123456789Z",
    })
    void theRangeIncludesBothEnds(String text) {
        List<ValidationError> errors = new ArrayList<>();

        assertThat(QueryTimes.required("start_time", text, errors)).isEqualTo(Instant.parse(text));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "1969-12-31T23:59:59.999999999Z,  greater_than_equal",
        "0000-01-01T00:00:00Z,            greater_than_equal",
        "-1000000000-01-01T00:00:00Z,     greater_than_equal",
        "9999-12-31T23:59:59.000000001Z,  less_than_equal",
        "+10000-01-01T00:00:00Z,          less_than_equal",
        "+1000000000-06-01T00:00:00Z,     less_than_equal",
        "+1000000000-12-31T23:59:59.999999999Z, less_than_equal",
        "+1000000001-01-01T00:00:00Z,     datetime_parsing",
        "2026-02-30T00:00:00Z,            datetime_parsing",
        "2026-04-28,                      datetime_parsing",
        "NaN,                             datetime_parsing",
    })
    void outsideTheRangeOrUnreadableIsNamed(String text, String type) {
        List<ValidationError> errors = new ArrayList<>();

        assertThat(QueryTimes.required("end_time", text, errors)).isNull();
        assertThat(errors).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, "query.end_time"));
    }

    @ParameterizedTest
    @CsvSource({"64, ", "65, datetime_parsing", "100000, datetime_parsing"})
    void textLongerThan64CharactersIsNotParsed(int length, String type) {
        List<ValidationError> errors = new ArrayList<>();
        String time = "2026-04-28T09:00:00Z";

        QueryTimes.required("start_time", time + " ".repeat(length - time.length()), errors);

        assertThat(errors).extracting(ValidationError::errorType)
                .containsExactlyElementsOf(type == null ? List.of() : List.of(type));
    }
}
