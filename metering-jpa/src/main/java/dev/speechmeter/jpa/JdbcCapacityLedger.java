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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Capacities over {@code sm_capacity} and {@code sm_capacity_usage}. A capacity names one, two or
 * all three labels ({@value CapacityRow#ANY} in a label's column when it does not name it) and
 * applies to every request whose labels include them. Reading where a request's labels stand is
 * one query when no capacity applies, two when some do, made only for requests to endpoints with
 * labels; months and weeks are summed from day rows, at most 37 per label set the owners used.
 * Consumption is debited by {@link JdbcUsageWriter} in the transaction that stores the billed
 * entry; extensions are added to the same rows, so both are atomic upserts that no concurrent
 * server can lose.
 *
 * <p>Made with a recheck time, it remembers for that long the label sets of owners that no
 * capacity applies to ({@link CapacityAbsence}), so most requests on labeled endpoints make no
 * query at all; capacities that apply are read on every request.
 *
 * <pre>{@code
 * CapacityLedger capacities = new JdbcCapacityLedger(dataSource);
 * capacities.setCapacity(CapacityOwner.project(projectId), labels, BillingPeriod.DAY, Duration.ofMinutes(1));
 * CapacityLedger remembering = new JdbcCapacityLedger(dataSource, Duration.ofSeconds(5), InstantSource.system());
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
    /** Null when every request reads the database. */
    private final CapacityAbsence absence;

    /** A ledger that reads the database for every request. */
    public JdbcCapacityLedger(DataSource dataSource) {
        this(dataSource, Duration.ZERO, InstantSource.system());
    }

    /**
     * A ledger that remembers for {@code absentRecheck} that no capacity applies to a request's
     * labels; {@link Duration#ZERO} to read the database for every request.
     */
    public JdbcCapacityLedger(DataSource dataSource, Duration absentRecheck, InstantSource clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (absentRecheck.isNegative()) {
            throw new IllegalArgumentException("A recheck time cannot be negative: " + absentRecheck);
        }
        this.absence = absentRecheck.isZero() ? null : new CapacityAbsence(absentRecheck, clock);
    }

    @Override
    public List<CapacityStanding> standings(UUID organizationId, UUID projectId, LabelSet labels, Instant at) {
        Objects.requireNonNull(labels, "labels");
        if (absence == null) {
            return standingsOf(organizationId, projectId, labels, at);
        }
        if (absence.known(organizationId, projectId, labels)) {
            return List.of();
        }
        long version = absence.version();
        List<CapacityStanding> standings = standingsOf(organizationId, projectId, labels, at);
        if (standings.isEmpty()) {
            absence.remember(organizationId, projectId, labels, version);
        }
        return standings;
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
                    at);
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

    /** The capacities of the two owners; with {@code labels}, those that apply to a request on them. */
    private static List<Capacity> capacitiesOf(Connection connection, UUID organizationId, UUID projectId,
                                               LabelSet labels) throws SQLException {
        String sql = "SELECT owner_id, owner_level, technology, vendor, operation, period, capacity_ms FROM "
                + CAPACITY_TABLE + " WHERE owner_id IN (?, ?)" + (labels == null ? ""
                        : " AND technology IN (?, '" + CapacityRow.ANY + "') AND vendor IN (?, '" + CapacityRow.ANY
                        + "') AND operation IN (?, '" + CapacityRow.ANY + "')");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = bindOwners(statement, 0, organizationId, projectId);
            if (labels != null) {
                statement.setString(++i, labels.technology());
                statement.setString(++i, labels.vendor());
                statement.setString(++i, labels.operation());
            }
            List<Capacity> capacities = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    capacities.add(new Capacity(owner(row), CapacityRow.labelsOf(row),
                            BillingPeriod.ofWireName(row.getString("period")).orElseThrow(), row.getLong("capacity_ms")));
                }
            }
            return capacities;
        }
    }

    /**
     * The rows any capacity of these owners can need at {@code at}, of every label set: the days of
     * the current month and week (months, weeks and days are summed from day rows), the current
     * hour and minute, and the current month's and week's extensions. Each as {consumed, extended}.
     * A capacity that names fewer than three labels sums the rows of several label sets, so the
     * rows are read for the owners, and each capacity picks those it applies to.
     */
    private static Map<CapacityRow, long[]> usageRows(Connection connection, SqlDialect dialect, UUID organizationId,
                                                      UUID projectId, Instant at) throws SQLException {
        BillingPeriod.Window month = BillingPeriod.MONTH.windowAt(at);
        BillingPeriod.Window week = BillingPeriod.WEEK.windowAt(at);
        // One arm per kind of row, each a range or a point on the index by owner, period and
        // start, so that the database reads only the rows asked for and never an owner's past
        // days or other minutes and hours.
        String select = "SELECT owner_id, technology, vendor, operation, period, period_start, consumed_ms, extended_ms"
                + " FROM " + CapacityRow.TABLE + " WHERE owner_id IN (?, ?)";
        String sql = select + " AND period = 'day' AND period_start >= ? AND period_start < ?"
                + " UNION ALL " + select + " AND period = 'hour' AND period_start = ?"
                + " UNION ALL " + select + " AND period = 'minute' AND period_start = ?"
                + " UNION ALL " + select + " AND period = 'month' AND period_start = ?"
                + " UNION ALL " + select + " AND period = 'week' AND period_start = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = bindOwners(statement, 0, organizationId, projectId);
            statement.setObject(++i, dialect.timestamp(min(month.start(), week.start())));
            statement.setObject(++i, dialect.timestamp(max(month.end(), week.end())));
            i = bindOwners(statement, i, organizationId, projectId);
            statement.setObject(++i, dialect.timestamp(BillingPeriod.HOUR.windowAt(at).start()));
            i = bindOwners(statement, i, organizationId, projectId);
            statement.setObject(++i, dialect.timestamp(BillingPeriod.MINUTE.windowAt(at).start()));
            i = bindOwners(statement, i, organizationId, projectId);
            statement.setObject(++i, dialect.timestamp(month.start()));
            i = bindOwners(statement, i, organizationId, projectId);
            statement.setObject(++i, dialect.timestamp(week.start()));
            Map<CapacityRow, long[]> rows = new HashMap<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.put(new CapacityRow(row.getObject("owner_id", UUID.class), CapacityRow.labelsOf(row),
                            row.getString("period"), dialect.instant(row, "period_start")),
                            new long[] {row.getLong("consumed_ms"), row.getLong("extended_ms")});
                }
            }
            return rows;
        }
    }

    /** Binds the two owners after parameter {@code i}; returns the index of the last parameter bound. */
    private static int bindOwners(PreparedStatement statement, int i, UUID organizationId, UUID projectId)
            throws SQLException {
        statement.setObject(++i, organizationId);
        statement.setObject(++i, projectId);
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
                if (key.ownerId().equals(owner.id()) && labels.appliesTo(key.labels())
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

    /**
     * Per owner, one item per label set it consumed on and per label set one of its capacities
     * names, each with the all-time consumption of every label set it applies to.
     */
    @Override
    public List<Consumption> consumptions(UUID organizationId, UUID projectId) {
        String used = "SELECT owner_id, technology, vendor, operation, consumed_ms FROM " + CapacityRow.TABLE
                + " WHERE owner_id IN (?, ?) AND period = '" + CapacityRow.ALL_TIME + "'";
        String named = "SELECT DISTINCT owner_id, technology, vendor, operation FROM " + CAPACITY_TABLE
                + " WHERE owner_id IN (?, ?)";
        try (Connection connection = dataSource.getConnection()) {
            Map<UUID, Map<LabelSet, Long>> consumed = new HashMap<>();
            Map<UUID, Set<LabelSet>> labelSets = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(used)) {
                bindOwners(statement, 0, organizationId, projectId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        UUID owner = row.getObject("owner_id", UUID.class);
                        LabelSet labels = CapacityRow.labelsOf(row);
                        consumed.computeIfAbsent(owner, o -> new HashMap<>()).put(labels, row.getLong("consumed_ms"));
                        labelSets.computeIfAbsent(owner, o -> new HashSet<>()).add(labels);
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(named)) {
                bindOwners(statement, 0, organizationId, projectId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        labelSets.computeIfAbsent(row.getObject("owner_id", UUID.class), o -> new HashSet<>())
                                .add(CapacityRow.labelsOf(row));
                    }
                }
            }
            List<Consumption> consumptions = new ArrayList<>();
            labelSets.forEach((owner, sets) -> {
                Map<LabelSet, Long> ownConsumption = consumed.getOrDefault(owner, Map.of());
                for (LabelSet labels : sets) {
                    long sum = ownConsumption.entrySet().stream().filter(row -> labels.appliesTo(row.getKey()))
                            .mapToLong(Map.Entry::getValue).sum();
                    consumptions.add(new Consumption(owner.equals(organizationId)
                            ? CapacityOwner.organization(owner) : CapacityOwner.project(owner),
                            labels, Duration.ofMillis(sum)));
                }
            });
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
                statement.setString(++i, CapacityRow.column(labels.technology()));
                statement.setString(++i, CapacityRow.column(labels.vendor()));
                statement.setString(++i, CapacityRow.column(labels.operation()));
                statement.setString(++i, period.wireName());
                statement.setLong(++i, capacity.toMillis());
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the capacity: " + e.getMessage(), e);
        } finally {
            // After the write: a read that began before it and found nothing remembers nothing.
            if (absence != null) {
                absence.capacitySet();
            }
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
        statement.setString(2, CapacityRow.column(labels.technology()));
        statement.setString(3, CapacityRow.column(labels.vendor()));
        statement.setString(4, CapacityRow.column(labels.operation()));
        statement.setString(5, period.wireName());
    }

    private static CapacityOwner owner(ResultSet row) throws SQLException {
        return new CapacityOwner(Level.valueOf(row.getString("owner_level").toUpperCase(Locale.ROOT)),
                row.getObject("owner_id", UUID.class));
    }


}
