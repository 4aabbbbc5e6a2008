package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.UsageLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageLogRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-31T23:59:59Z");
    private static final UUID PROJECT = UUID.randomUUID();

    @Test
    void aGoodQueryBecomesTheStoreQueryWithDefaults() {
        UsageLogRequest request = parse("2026-12-01T00:00:00Z", "2026-12-31T23:59:59.5Z", null, null, null);

        assertThat(request.errors()).isEmpty();
        UsageLog.Query query = request.query(PROJECT);
        assertThat(query.start()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(query.end()).isEqualTo(Instant.parse("2026-12-31T23:59:59.500Z"));
        assertThat(query.limit()).isEqualTo(1000);
        assertThat(query.descending()).isFalse();
        assertThat(query.after()).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "null, 2026-12-02T00:00:00Z, null, null, missing, query.start_time",
        "2026-12-01T00:00:00Z, null, null, null, missing, query.end_time",
        "yesterday, 2026-12-02T00:00:00Z, null, null, datetime_parsing, query.start_time",
        "2026-12-02T00:00:00Z, 2026-12-02T00:00:00Z, null, null, greater_than, query.end_time",
        "2026-11-01T00:00:00Z, 2026-12-02T00:00:01Z, null, null, less_than_equal, query.end_time",
        "2026-09-30T23:59:58Z, 2026-10-01T00:00:00Z, null, null, greater_than_equal, query.start_time",
        "2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z, 0, null, greater_than_equal, query.limit",
        "2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z, 1001, null, less_than_equal, query.limit",
        "2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z, ten, null, int_parsing, query.limit",
        "2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z, null, newest, enum, query.sort",
        "2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z, 99999999999999999999, null, less_than_equal, query.limit",
        "2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z, -99999999999999999999, null, greater_than_equal, query.limit",
        "2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z, 1e3, null, int_parsing, query.limit",
        "+1000000000-06-01T00:00:00Z, 2026-12-02T00:00:00Z, null, null, less_than_equal, query.start_time",
        "2026-12-01T00:00:00Z, +1000000000-06-01T00:00:00Z, null, null, less_than_equal, query.end_time",
        "-1000000000-06-01T00:00:00Z, 2026-12-02T00:00:00Z, null, null, greater_than_equal, query.start_time",
        "2026-12-01T00:00:00Z, 1969-12-31T23:59:59Z, null, null, greater_than_equal, query.end_time",
        "2026-12-01T00:00:00Z, 9999-12-31T23:59:59.000000001Z, null, null, less_than_equal, query.end_time",
    })
    void eachBadFieldIsNamed(String start, String end, String limit, String sort, String type, String location) {
        UsageLogRequest request = parse(start, end, limit, sort, null);

        assertThat(request.errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }

    @Test
    void theWindowMayBeExactly31DaysAndStart91DaysAgo() {
        assertThat(parse("2026-10-01T23:59:59Z", "2026-11-01T23:59:59Z", "1000", "end_time_desc", null).errors())
                .isEmpty();
    }

    @Test
    void aCursorRoundTripsOnlyWithItsOwnSort() {
        UsageLogRequest first = parse("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "10", "end_time_desc", null);
        UsageLog.Position position = new UsageLog.Position(Instant.parse("2026-12-01T10:00:00.123456Z"), UUID.randomUUID());
        String cursor = first.cursorAfter(position);

        UsageLogRequest next = parse("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "10", "end_time_desc", cursor);
        assertThat(next.errors()).isEmpty();
        assertThat(next.query(PROJECT).after()).isEqualTo(position);

        UsageLogRequest otherSort = parse("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "10", "end_time_asc", cursor);
        assertThat(otherSort.errors()).extracting(ValidationError::location).containsExactly("query.cursor");
        UsageLogRequest garbage = parse("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "10", null, "not-a-cursor");
        assertThat(garbage.errors()).extracting(ValidationError::location).containsExactly("query.cursor");
    }

    @Test
    void aCursorOutsideTheTimeRangeOrTooLongIsNotOneThisApiMade() {
        UUID uuid = UUID.randomUUID();
        String last = cursor("end_time_asc|9999-12-31T23:59:59Z|" + uuid);

        assertThat(parse("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", null, null, last).errors()).isEmpty();
        for (String forged : List.of(cursor("end_time_asc|+1000000000-06-01T00:00:00Z|" + uuid),
                cursor("end_time_asc|-1000000000-06-01T00:00:00Z|" + uuid),
                cursor("end_time_asc|9999-12-31T23:59:59.5Z|" + uuid),
                cursor("end_time_asc|2026-12-01T10:00:00Z|" + uuid + "x".repeat(200)),
                cursor("end_time_asc|2026-12-01T10:00:00Z|not-a-uuid"),
                "%%%")) {
            assertThat(parse("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", null, null, forged).errors())
                    .extracting(ValidationError::errorType, ValidationError::location)
                    .containsExactly(tuple("invalid", "query.cursor"));
        }
    }

    private static String cursor(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static UsageLogRequest parse(String start, String end, String limit, String sort, String cursor) {
        return UsageLogRequest.parse(start, end, limit, sort, cursor, null, NOW);
    }
}
