package dev.speechmeter.jpa;

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
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Capacities over {@code sm_capacity} and {@code sm_capacity_usage}. Reading where a label set
 * stands is one query, made only for requests to endpoints with labels. Consumption is debited by
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
    private static final String LABELS_MATCH = " AND u.technology = c.technology AND u.vendor = c.vendor"
            + " AND u.operation = c.operation";
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
        StringBuilder sql = new StringBuilder("SELECT c.owner_id, c.owner_level, c.technology, c.vendor, c.operation,"
                + " c.period, c.capacity_ms, u.consumed_ms, u.extended_ms FROM sm_capacity c LEFT JOIN "
                + CapacityRow.TABLE + " u ON u.owner_id = c.owner_id" + LABELS_MATCH + " AND u.period = c.period AND (");
        BillingPeriod[] periods = BillingPeriod.values();
        for (int p = 0; p < periods.length; p++) {
            sql.append(p == 0 ? "" : " OR ").append("(c.period = '").append(periods[p].wireName())
                    .append("' AND u.period_start = ?)");
        }
        sql.append(") WHERE c.owner_id IN (?, ?)");
        if (labels != null) {
            sql.append(" AND c.technology = ? AND c.vendor = ? AND c.operation = ?");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            SqlDialect dialect = dialects.of(connection);
            int i = 0;
            for (BillingPeriod period : periods) {
                statement.setObject(++i, dialect.timestamp(period.windowAt(at).start()));
            }
            statement.setObject(++i, organizationId);
            statement.setObject(++i, projectId);
            if (labels != null) {
                statement.setString(++i, labels.technology());
                statement.setString(++i, labels.vendor());
                statement.setString(++i, labels.operation());
            }
            List<CapacityStanding> standings = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    standings.add(standing(row, at));
                }
            }
            standings.sort(STANDING_ORDER);
            return standings;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read capacities: " + e.getMessage(), e);
        }
    }

    private static CapacityStanding standing(ResultSet row, Instant at) throws SQLException {
        BillingPeriod period = BillingPeriod.ofWireName(row.getString("period")).orElseThrow();
        long extended = row.getLong("extended_ms");   // 0 when no row of this period yet
        long consumed = row.getLong("consumed_ms");
        return new CapacityStanding(owner(row), labels(row), period, period.windowAt(at),
                Duration.ofMillis(row.getLong("capacity_ms") + extended), extended > 0, Duration.ofMillis(consumed));
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
        return new CapacityOwner(CapacityOwner.Level.valueOf(row.getString("owner_level").toUpperCase(Locale.ROOT)),
                row.getObject("owner_id", UUID.class));
    }

    private static LabelSet labels(ResultSet row) throws SQLException {
        return new LabelSet(row.getString("technology"), row.getString("vendor"), row.getString("operation"));
    }

}
