package dev.speechmeter.jpa;

import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One row of {@code sm_capacity_usage}: an owner's consumption on a label set in one period, and
 * what extensions added to its capacities for that period. Consumption is kept per day (months
 * and weeks are sums of days), per hour and minute only where a capacity of that period exists,
 * and all-time. Consumption rows carry a request's three labels; a capacity that names fewer sums
 * the rows of every label set it applies to, and its extensions are kept on a row of its own
 * labels, with {@value #ANY} for a label it does not name. Batches add to rows in key order, so
 * two servers adding to the same rows never wait on each other in a cycle.
 *
 * @param ownerId     the organization or the project
 * @param labels      the label set
 * @param period      {@code day}, {@code hour}, {@code minute}, {@code month} and {@code week}
 *                    (extensions only), or {@value #ALL_TIME}
 * @param periodStart the first instant of the period; the epoch for {@value #ALL_TIME}
 */
record CapacityRow(UUID ownerId, LabelSet labels, String period, Instant periodStart) implements Comparable<CapacityRow> {

    /** The period of the all-time totals. */
    static final String ALL_TIME = "all";
    /** A label column's value where a capacity does not name that label: no label value can be it. */
    static final String ANY = "*";

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
     * The period whose rows hold the consumption of a capacity of {@code period}: a day's rows
     * serve days, weeks and months (summed); hours and minutes have rows of their own.
     */
    static BillingPeriod consumptionPeriodOf(BillingPeriod period) {
        return period == BillingPeriod.HOUR || period == BillingPeriod.MINUTE ? period : BillingPeriod.DAY;
    }

    /** A label as its column holds it: {@value #ANY} when not named. */
    static String column(String label) {
        return label == null ? ANY : label;
    }

    /** The labels of a row of {@code sm_capacity} or {@code sm_capacity_usage}. */
    static LabelSet labelsOf(ResultSet row) throws SQLException {
        return new LabelSet(named(row.getString("technology")), named(row.getString("vendor")),
                named(row.getString("operation")));
    }

    private static String named(String column) {
        return ANY.equals(column) ? null : column;
    }

    /**
     * What the billed records of a batch debit, summed per row: each record's processed audio goes
     * to both its owners, in the day that holds its end and the all-time row, and in its hour and
     * minute where the owner has a capacity of that period that applies to those labels
     * ({@code shortPeriods}).
     */
    static Map<CapacityRow, Long> debitsOf(List<UsageRecord> records, Set<ShortPeriod> shortPeriods) {
        Map<CapacityRow, Long> debits = new TreeMap<>();
        for (UsageRecord record : records) {
            long debit = record.debitMs();
            if (debit == 0) {
                continue;
            }
            for (UUID owner : List.of(record.caller().organizationId(), record.caller().projectId())) {
                debits.merge(of(owner, record.labels(), BillingPeriod.DAY, record.endTime()), debit, Long::sum);
                debits.merge(new CapacityRow(owner, record.labels(), ALL_TIME, Instant.EPOCH), debit, Long::sum);
                for (BillingPeriod period : List.of(BillingPeriod.HOUR, BillingPeriod.MINUTE)) {
                    if (appliesToAny(shortPeriods, owner, record.labels(), period)) {
                        debits.merge(of(owner, record.labels(), period, record.endTime()), debit, Long::sum);
                    }
                }
            }
        }
        return debits;
    }

    private static boolean appliesToAny(Set<ShortPeriod> shortPeriods, UUID owner, LabelSet labels,
                                        BillingPeriod period) {
        for (ShortPeriod capacity : shortPeriods) {
            if (capacity.period() == period && capacity.ownerId().equals(owner)
                    && capacity.labels().appliesTo(labels)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which owners of the billed, labeled records have capacities of an hour or a minute: read in
     * the batch's own transaction, so a capacity set before the batch counts its debits.
     */
    static Set<ShortPeriod> shortPeriodsOf(Connection connection, SqlDialect dialect, List<UsageRecord> records)
            throws SQLException {
        Set<UUID> owners = new TreeSet<>();
        for (UsageRecord record : records) {
            if (record.debitMs() > 0) {
                owners.add(record.caller().organizationId());
                owners.add(record.caller().projectId());
            }
        }
        if (owners.isEmpty()) {
            return Set.of();
        }
        // On PostgreSQL the owners are one array parameter: a list of hundreds of parameters costs
        // more to plan than to run.
        boolean array = dialect == SqlDialect.POSTGRESQL;
        String sql = "SELECT owner_id, technology, vendor, operation, period FROM sm_capacity WHERE period IN "
                + "('hour', 'minute') AND owner_id " + (array ? "= ANY (CAST(? AS uuid[]))"
                        : "IN (" + String.join(", ", Collections.nCopies(owners.size(), "?")) + ")");
        Set<ShortPeriod> found = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (array) {
                statement.setArray(1, connection.createArrayOf("uuid", owners.toArray()));
            } else {
                int i = 0;
                for (UUID owner : owners) {
                    statement.setObject(++i, owner);
                }
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    found.add(new ShortPeriod(row.getObject("owner_id", UUID.class), labelsOf(row),
                            BillingPeriod.ofWireName(row.getString("period")).orElseThrow()));
                }
            }
        }
        return found;
    }

    /**
     * A capacity of an hour or a minute: only such a capacity makes rows of hours and minutes worth
     * keeping, for every label set it applies to.
     */
    record ShortPeriod(UUID ownerId, LabelSet labels, BillingPeriod period) {
    }

    /**
     * Deletes the rows of a capacity's minutes or hours that ended long before {@code now}: no
     * capacity looks at them again, and unlike days they would otherwise pile up. One owner and
     * capacity at a time, the rows of every label set the capacity applies to, through the primary
     * key or the owner's index by period.
     */
    static int forgetBefore(Connection connection, SqlDialect dialect, ShortPeriod capacity, Instant now)
            throws SQLException {
        LabelSet labels = capacity.labels();
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE owner_id = ?"
                + (labels.technology() == null ? "" : " AND technology = ?")
                + (labels.vendor() == null ? "" : " AND vendor = ?")
                + (labels.operation() == null ? "" : " AND operation = ?")
                + " AND period = ? AND period_start < ?")) {
            int i = 0;
            statement.setObject(++i, capacity.ownerId());
            for (Map.Entry<String, String> label : labels.entries()) {
                statement.setString(++i, label.getValue());
            }
            statement.setString(++i, capacity.period().wireName());
            statement.setObject(++i, dialect.timestamp(now.minus(
                    capacity.period() == BillingPeriod.MINUTE ? MINUTES_KEPT : HOURS_KEPT)));
            return statement.executeUpdate();
        }
    }

    /** The values of the row with these amounts, in the order of {@link #UPSERT}'s columns. */
    Object[] row(long consumedMs, long extendedMs) {
        return new Object[] {ownerId, column(labels.technology()), column(labels.vendor()), column(labels.operation()),
                period, periodStart, consumedMs, extendedMs};
    }

    @Override
    public int compareTo(CapacityRow other) {
        return ORDER.compare(this, other);
    }
}
