package dev.speechmeter.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BillingPeriodTest {

    @ParameterizedTest
    @CsvSource({
        // the last second of a month, and the first of the next
        "MONTH,  2026-01-31T23:59:59.999Z, 2026-01-01T00:00:00Z, 2026-02-01T00:00:00Z",
        "MONTH,  2026-02-01T00:00:00Z,     2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z",
        // 29 February of a leap year
        "MONTH,  2028-02-29T12:00:00Z,     2028-02-01T00:00:00Z, 2028-03-01T00:00:00Z",
        "DAY,    2028-02-29T23:59:59Z,     2028-02-29T00:00:00Z, 2028-03-01T00:00:00Z",
        // the last day of December
        "MONTH,  2026-12-31T23:59:59Z,     2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
        "DAY,    2026-12-31T23:59:59Z,     2026-12-31T00:00:00Z, 2027-01-01T00:00:00Z",
        "HOUR,   2026-12-31T23:59:59Z,     2026-12-31T23:00:00Z, 2027-01-01T00:00:00Z",
        "MINUTE, 2026-12-31T23:59:59Z,     2026-12-31T23:59:00Z, 2027-01-01T00:00:00Z",
        // weeks start on Monday: Sunday night is the old week, Monday midnight the new one
        "WEEK,   2026-11-22T23:59:59Z,     2026-11-16T00:00:00Z, 2026-11-23T00:00:00Z",
        "WEEK,   2026-11-23T00:00:00Z,     2026-11-23T00:00:00Z, 2026-11-30T00:00:00Z",
        // a week across the turn of the year
        "WEEK,   2027-01-01T08:00:00Z,     2026-12-28T00:00:00Z, 2027-01-04T00:00:00Z",
        "HOUR,   2026-11-22T10:00:00Z,     2026-11-22T10:00:00Z, 2026-11-22T11:00:00Z",
        "MINUTE, 2026-11-22T10:15:30.5Z,   2026-11-22T10:15:00Z, 2026-11-22T10:16:00Z",
    })
    void eachPeriodIsCalendarAlignedInUtc(BillingPeriod period, Instant at, Instant start, Instant end) {
        BillingPeriod.Window window = period.windowAt(at);

        assertThat(window).isEqualTo(new BillingPeriod.Window(start, end));
        assertThat(window.contains(at)).isTrue();
        assertThat(window.contains(end)).isFalse();
        assertThat(period.windowAt(end)).as("the next period starts where this one ends")
                .extracting(BillingPeriod.Window::start).isEqualTo(end);
    }

    @Test
    void retryAfterIsTheWholeSecondsLeftRoundedUpAndAtLeastOne() {
        BillingPeriod.Window month = BillingPeriod.MONTH.windowAt(Instant.parse("2026-01-31T23:00:00Z"));

        assertThat(month.secondsLeftAfter(Instant.parse("2026-01-31T23:00:00Z"))).isEqualTo(3_600);
        assertThat(month.secondsLeftAfter(Instant.parse("2026-01-31T23:59:58.250Z"))).isEqualTo(2);
        assertThat(month.secondsLeftAfter(Instant.parse("2026-01-31T23:59:59.999Z"))).isEqualTo(1);
        assertThat(month.firstDay()).hasToString("2026-01-01");
    }

    @Test
    void wireNamesAreLowerCase() {
        assertThat(BillingPeriod.ofWireName("week")).contains(BillingPeriod.WEEK);
        assertThat(BillingPeriod.ofWireName("Week")).isEmpty();
        assertThat(BillingPeriod.MONTH.wireName()).isEqualTo("month");
    }
}
