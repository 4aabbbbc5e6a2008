package dev.speechmeter.jpa;

import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.Consumption;
import dev.speechmeter.spi.LabelSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Capacities over {@code sm_capacity} and {@code sm_capacity_usage}. Reading where a label set
 * stands is one query when it has no capacity, two when it has, made only for requests to
 * endpoints with labels; months and weeks are summed from at most 37 day rows. Consumption is debited by
 * {@link JdbcUsageWriter} in the transaction that stores the billed entry; extensions are added
 * to the same rows, so both are atomic upserts that no concurrent server can lose.
 *
 * <pre>{@code
 * CapacityLedger capacities = new JdbcCapacityLedger(dataSource);
 * capacities.setCapacity(CapacityOwner.project(projectId), labels, BillingPeriod.DAY, Duration.ofMinutes(1));
 * }</pre>
 */
public final class JdbcCapacityLedger implements CapacityLedger {

    private static final String CAPACITY_TABLE = "sm_capacity";
    private static final List<String> CAPACITY_KEY = List.of("owner_id", "technology", "vendor", "operation", "period");
    private static final List<String> CAPACITY_COLUMNS = List.of("owner_id", "owner_level", "technology", "vendor",
            "operation", "period", "capacity_ms");
    private static final Comparator<CapacityStanding> STANDING_ORDER = Comparator
            .comparing((CapacityStanding standing) -> standing.owner().level())
            .thenComparing(CapacityStanding::labels).thenComparing(CapacityStanding::period);
    private static final Comparator<Consumption> CONSUMPTION_ORDER = Comparator
            .comparing((Consumption consumption) -> consumption.owner().level()).thenComparing(Consumption::labels);

    private final DataSource dataSource;
    private final KnownDialect dialects = new KnownDialect();

    public JdbcCapacityLedger(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public List<CapacityStanding> standings(UUID organizationId, UUID projectId, LabelSet labels, Instant at) {
        Objects.requireNonNull(labels, "labels");
        return standingsOf(organizationId, projectId, labels, at);
    }

    @Override
    public List<CapacityStanding> standings(UUID organizationId, UUID projectId, Instant at) {
        return standingsOf(organizationId, projectId, null, at);
    }

    @Override
    public List<CapacityStanding> standings(CapacityOwner owner, Instant at) {
        return standingsOf(owner.id(), owner.id(), null, at);
    }

    private List<CapacityStanding> standingsOf(UUID organizationId, UUID projectId, LabelSet labels, Instant at) {
        try (Connection connection = dataSource.getConnection()) {
            List<Capacity> capacities = capacitiesOf(connection, organizationId, projectId, labels);
            if (capacities.isEmpty()) {
                return List.of();
            }
            Map<CapacityRow, long[]> rows = usageRows(connection, dialects.of(connection), organizationId, projectId,
                    labels, at);
            List<CapacityStanding> standings = new ArrayList<>(capacities.size());
            for (Capacity capacity : capacities) {
                standings.add(capacity.standing(rows, at));
            }
            standings.sort(STANDING_ORDER);
            return standings;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read capacities: " + e.getMessage(), e);
        }
    }

    private static List<Capacity> capacitiesOf(Connection connection, UUID organizationId, UUID projectId,
                                               LabelSet labels) throws SQLException {
        String sql = "SELECT owner_id, owner_level, technology, vendor, operation, period, capacity_ms FROM "
                + CAPACITY_TABLE + " WHERE owner_id IN (?, ?)"
                + (labels == null ? "" : " AND technology = ? AND vendor = ? AND operation = ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindOwnersAndLabels(statement, 0, organizationId, projectId, labels);
            List<Capacity> capacities = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    capacities.add(new Capacity(owner(row), labels(row),
                            BillingPeriod.ofWireName(row.getString("period")).orElseThrow(), row.getLong("capacity_ms")));
                }
            }
            return capacities;
        }
    }

    /**
     * The rows any capacity of these owners can need at {@code at}: the days of the current month
     * and week (months, weeks and days are summed from day rows), the current hour and minute,
     * and the current month's and week's extensions. Each as {consumed, extended}.
     */
    private static Map<CapacityRow, long[]> usageRows(Connection connection, SqlDialect dialect, UUID organizationId,
                                                      UUID projectId, LabelSet labels, Instant at) throws SQLException {
        BillingPeriod.Window month = BillingPeriod.MONTH.windowAt(at);
        BillingPeriod.Window week = BillingPeriod.WEEK.windowAt(at);
        // One arm per kind of row, each a range or a point on the primary key, so that the
        // database reads only the rows asked for and never an owner's other minutes and hours.
        String select = "SELECT owner_id, technology, vendor, operation, period, period_start, consumed_ms, extended_ms"
                + " FROM " + CapacityRow.TABLE + " WHERE owner_id IN (?, ?)"
                + (labels == null ? "" : " AND technology = ? AND vendor = ? AND operation = ?");
        String sql = select + " AND period = 'day' AND period_start >= ? AND period_start < ?"
                + " UNION ALL " + select + " AND period = 'hour' AND period_start = ?"
                + " UNION ALL " + select + " AND period = 'minute' AND period_start = ?"
                + " UNION ALL " + select + " AND period = 'month' AND period_start = ?"
                + " UNION ALL " + select + " AND period = 'week' AND period_start = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = bindOwnersAndLabels(statement, 0, organizationId, projectId, labels);
            statement.setObject(++i, dialect.timestamp(min(month.start(), week.start())));
            statement.setObject(++i, dialect.timestamp(max(month.end(), week.end())));
            i = bindOwnersAndLabels(statement, i, organizationId, projectId, labels);
            statement.setObject(++i, dialect.timestamp(BillingPeriod.HOUR.windowAt(at).start()));
            i = bindOwnersAndLabels(statement, i, organizationId, projectId, labels);
            statement.setObject(++i, dialect.timestamp(BillingPeriod.MINUTE.windowAt(at).start()));
            i = bindOwnersAndLabels(statement, i, organizationId, projectId, labels);
            statement.setObject(++i, dialect.timestamp(month.start()));
            i = bindOwnersAndLabels(statement, i, organizationId, projectId, labels);
            statement.setObject(++i, dialect.timestamp(week.start()));
            Map<CapacityRow, long[]> rows = new HashMap<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.put(new CapacityRow(row.getObject("owner_id", UUID.class), labels(row), row.getString("period"),
                            dialect.instant(row, "period_start")),
                            new long[] {row.getLong("consumed_ms"), row.getLong("extended_ms")});
                }
            }
            return rows;
        }
    }

    /**
     * Binds the two owners and, when given, the labels after parameter {@code i}; returns the index
     * of the last parameter bound.
     */
    private static int bindOwnersAndLabels(PreparedStatement statement, int i, UUID organizationId, UUID projectId,
                                           LabelSet labels) throws SQLException {
        statement.setObject(++i, organizationId);
        statement.setObject(++i, projectId);
        if (labels != null) {
            statement.setString(++i, labels.technology());
            statement.setString(++i, labels.vendor());
            statement.setString(++i, labels.operation());
        }
        return i;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A capacity as stored, before it is set against its period's rows. */
    private record Capacity(CapacityOwner owner, LabelSet labels, BillingPeriod period, long capacityMs) {

        CapacityStanding standing(Map<CapacityRow, long[]> rows, Instant at) {
            BillingPeriod.Window window = period.windowAt(at);
            long consumed = 0;
            for (Map.Entry<CapacityRow, long[]> row : rows.entrySet()) {
                CapacityRow key = row.getKey();
                if (key.ownerId().equals(owner.id()) && key.labels().equals(labels)
                        && key.period().equals(CapacityRow.consumptionPeriodOf(period).wireName())
                        && window.contains(key.periodStart())) {
                    consumed += row.getValue()[0];
                }
            }
            long[] own = rows.get(new CapacityRow(owner.id(), labels, period.wireName(), window.start()));
            long extended = own == null ? 0 : own[1];
            return new CapacityStanding(owner, labels, period, window, Duration.ofMillis(capacityMs + extended),
                    extended > 0, Duration.ofMillis(consumed));
        }
    }

    @Override
    public List<Consumption> consumptions(UUID organizationId, UUID projectId) {
        String sql = "SELECT u.owner_id, u.technology, u.vendor, u.operation, u.consumed_ms FROM " + CapacityRow.TABLE
                + " u WHERE u.owner_id IN (?, ?) AND u.period = '" + CapacityRow.ALL_TIME + "'";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, organizationId);
            statement.setObject(2, projectId);
            List<Consumption> consumptions = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    UUID owner = row.getObject("owner_id", UUID.class);
                    consumptions.add(new Consumption(owner.equals(organizationId)
                            ? CapacityOwner.organization(owner) : CapacityOwner.project(owner),
                            labels(row), Duration.ofMillis(row.getLong("consumed_ms"))));
                }
            }
            consumptions.sort(CONSUMPTION_ORDER);
            return consumptions;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read consumption: " + e.getMessage(), e);
        }
    }

    @Override
    public void setCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration capacity) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(period, "period");
        if (capacity.isNegative()) {
            throw new IllegalArgumentException("A capacity cannot be negative: " + capacity);
        }
        if (capacity.getNano() != 0) {
            throw new IllegalArgumentException("A capacity is whole seconds, not " + capacity);
        }
        try (Connection connection = dataSource.getConnection()) {
            String sql = dialects.of(connection).insertOrReplace(CAPACITY_TABLE, CAPACITY_KEY, CAPACITY_COLUMNS);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 0;
                statement.setObject(++i, owner.id());
                statement.setString(++i, owner.level().wireName());
                statement.setString(++i, labels.technology());
                statement.setString(++i, labels.vendor());
                statement.setString(++i, labels.operation());
                statement.setString(++i, period.wireName());
                statement.setLong(++i, capacity.toMillis());
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the capacity: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean removeCapacity(CapacityOwner owner, LabelSet labels, BillingPeriod period) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("DELETE FROM " + CAPACITY_TABLE
                     + " WHERE owner_id = ? AND technology = ? AND vendor = ? AND operation = ? AND period = ?")) {
            bindCapacityKey(statement, owner, labels, period);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not remove the capacity: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean extend(CapacityOwner owner, LabelSet labels, BillingPeriod period, Duration extra, Instant at) {
        if (extra.isNegative() || extra.isZero()) {
            throw new IllegalArgumentException("An extension must be positive: " + extra);
        }
        if (extra.getNano() != 0) {
            throw new IllegalArgumentException("An extension is whole seconds, not " + extra);
        }
        try (Connection connection = dataSource.getConnection()) {
            SqlDialect dialect = dialects.of(connection);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (!capacityExists(connection, owner, labels, period)) {
                    connection.rollback();
                    return false;
                }
                CapacityRow.UPSERT.add(connection, dialect,
                        List.<Object[]>of(CapacityRow.of(owner.id(), labels, period, at).row(0, extra.toMillis())));
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not extend the capacity: " + e.getMessage(), e);
        }
    }

    private static boolean capacityExists(Connection connection, CapacityOwner owner, LabelSet labels,
                                          BillingPeriod period) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + CAPACITY_TABLE
                + " WHERE owner_id = ? AND technology = ? AND vendor = ? AND operation = ? AND period = ?")) {
            bindCapacityKey(statement, owner, labels, period);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void bindCapacityKey(PreparedStatement statement, CapacityOwner owner, LabelSet labels,
                                        BillingPeriod period) throws SQLException {
        statement.setObject(1, owner.id());
        statement.setString(2, labels.technology());
        statement.setString(3, labels.vendor());
        statement.setString(4, labels.operation());
        statement.setString(5, period.wireName());
    }

    private static CapacityOwner owner(ResultSet row) throws SQLException {
        return new CapacityOwner(Level.valueOf(row.getString("owner_level").toUpperCase(Locale.ROOT)),
                row.getObject("owner_id", UUID.class));
    }

    private static LabelSet labels(ResultSet row) throws SQLException {
        return new LabelSet(row.getString("technology"), row.getString("vendor"), row.getString("operation"));
    }

}
