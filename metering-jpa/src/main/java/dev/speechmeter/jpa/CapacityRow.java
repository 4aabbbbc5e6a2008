package dev.speechmeter.jpa;

import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One row of {@code sm_capacity_usage}: an owner's consumption on a label set in one period, and
 * what extensions added to its capacities for that period. Batches add to rows in key order, so
 * two servers adding to the same rows never wait on each other in a cycle.
 *
 * @param ownerId     the organization or the project
 * @param labels      the label set
 * @param period      {@code month} ... {@code minute}, or {@value #ALL_TIME}
 * @param periodStart the first instant of the period; the epoch for {@value #ALL_TIME}
 */
record CapacityRow(UUID ownerId, LabelSet labels, String period, Instant periodStart) implements Comparable<CapacityRow> {

    /** The period of the all-time totals. */
    static final String ALL_TIME = "all";

    static final String TABLE = "sm_capacity_usage";
    /** How long the rows of past minutes and hours are kept. */
    static final Duration MINUTES_KEPT = Duration.ofDays(1);
    static final Duration HOURS_KEPT = Duration.ofDays(7);
    /** Adds to rows' consumption and extension, making the rows that are not there yet. */
    static final AddingUpsert UPSERT = new AddingUpsert(TABLE,
            List.of("owner_id", "technology", "vendor", "operation", "period", "period_start"),
            List.of(new AddingUpsert.Column("owner_id", "uuid"), new AddingUpsert.Column("technology", "varchar"),
                    new AddingUpsert.Column("vendor", "varchar"), new AddingUpsert.Column("operation", "varchar"),
                    new AddingUpsert.Column("period", "varchar"), new AddingUpsert.Column("period_start", "timestamptz"),
                    new AddingUpsert.Column("consumed_ms", "bigint"), new AddingUpsert.Column("extended_ms", "bigint")));
    private static final Comparator<CapacityRow> ORDER = Comparator.comparing(CapacityRow::ownerId)
            .thenComparing(CapacityRow::labels).thenComparing(CapacityRow::period)
            .thenComparing(CapacityRow::periodStart);

    /** The row of {@code period}'s window that holds {@code at}. */
    static CapacityRow of(UUID ownerId, LabelSet labels, BillingPeriod period, Instant at) {
        return new CapacityRow(ownerId, labels, period.wireName(), period.windowAt(at).start());
    }

    /**
     * What the billed records of a batch debit, summed per row: each record's processed audio goes
     * to both its owners, in the period of every kind that holds its end, and to the all-time row.
     */
    static Map<CapacityRow, Long> debitsOf(List<UsageRecord> records) {
        Map<CapacityRow, Long> debits = new TreeMap<>();
        for (UsageRecord record : records) {
            long debit = record.debitMs();
            if (debit == 0) {
                continue;
            }
            for (UUID owner : List.of(record.caller().organizationId(), record.caller().projectId())) {
                for (CapacityRow row : rowsOf(owner, record.labels(), record.endTime())) {
                    debits.merge(row, debit, Long::sum);
                }
            }
        }
        return debits;
    }

    private static List<CapacityRow> rowsOf(UUID owner, LabelSet labels, Instant at) {
        List<CapacityRow> rows = new ArrayList<>(BillingPeriod.values().length + 1);
        for (BillingPeriod period : BillingPeriod.values()) {
            rows.add(of(owner, labels, period, at));
        }
        rows.add(new CapacityRow(owner, labels, ALL_TIME, Instant.EPOCH));
        return rows;
    }

    /**
     * Deletes the rows of minutes and hours that ended long before {@code now}: no capacity looks
     * at them again, and unlike the longer periods they would otherwise pile up.
     */
    static int forgetShortPeriodsBefore(Connection connection, SqlDialect dialect, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + TABLE
                + " WHERE (period = 'minute' AND period_start < ?) OR (period = 'hour' AND period_start < ?)")) {
            statement.setObject(1, dialect.timestamp(now.minus(MINUTES_KEPT)));
            statement.setObject(2, dialect.timestamp(now.minus(HOURS_KEPT)));
            return statement.executeUpdate();
        }
    }

    /** The values of the row with these amounts, in the order of {@link #UPSERT}'s columns. */
    Object[] row(long consumedMs, long extendedMs) {
        return new Object[] {ownerId, labels.technology(), labels.vendor(), labels.operation(), period, periodStart,
                consumedMs, extendedMs};
    }

    @Override
    public int compareTo(CapacityRow other) {
        return ORDER.compare(this, other);
    }
}
