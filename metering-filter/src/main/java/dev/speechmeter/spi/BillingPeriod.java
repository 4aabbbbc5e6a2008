package dev.speechmeter.spi;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The period of a capacity: calendar-aligned in
 * UTC, a week starting on Monday. Consumption belongs to the period its instant falls in, so it
 * rolls over at the boundary without anything having to run.
 *
 * <pre>{@code
 * BillingPeriod.Window month = BillingPeriod.MONTH.windowAt(Instant.parse("2028-02-29T23:59:59Z"));
 * // [2028-02-01T00:00:00Z, 2028-03-01T00:00:00Z)
 * }</pre>
 */
public enum BillingPeriod {

    MONTH,
    WEEK,
    DAY,
    HOUR,
    MINUTE;

    /** The name on the wire: {@code month}, {@code week}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BillingPeriod> ofWireName(String name) {
        return Arrays.stream(values()).filter(period -> period.wireName().equals(name)).findFirst();
    }

    /** The period that holds {@code at}: start inclusive, end exclusive. */
    public Window windowAt(Instant at) {
        LocalDateTime time = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        LocalDateTime start = switch (this) {
            case MONTH -> time.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case WEEK -> time.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case DAY -> time.toLocalDate().atStartOfDay();
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case MINUTE -> time.truncatedTo(ChronoUnit.MINUTES);
        };
        LocalDateTime end = switch (this) {
            case MONTH -> start.plusMonths(1);
            case WEEK -> start.plusWeeks(1);
            case DAY -> start.plusDays(1);
            case HOUR -> start.plusHours(1);
            case MINUTE -> start.plusMinutes(1);
        };
        return new Window(start.toInstant(ZoneOffset.UTC), end.toInstant(ZoneOffset.UTC));
    }

    /**
     * One period: {@code start} inclusive, {@code end} exclusive.
     *
     * @param start the first instant of the period
     * @param end   the first instant of the next one
     */
    public record Window(Instant start, Instant end) {

        public boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }

        /**
         * Whole seconds from {@code at} until the period ends, rounded up and at least 1: the
         * {@code Retry-After} of a refusal for a capacity used up in this period.
         */
        public long secondsLeftAfter(Instant at) {
            Duration left = Duration.between(at, end);
            long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }

        /** The UTC date the period starts on. */
        public LocalDate firstDay() {
            return LocalDate.ofInstant(start, ZoneOffset.UTC);
        }
    }
}
