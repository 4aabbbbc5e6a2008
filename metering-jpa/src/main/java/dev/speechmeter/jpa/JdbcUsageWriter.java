package dev.speechmeter.jpa;

import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.spi.UsageRejectedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Writes a batch of usage entries in one JDBC transaction with batched statements: the store
 * side of group commit. The same transaction adds the new billed entries to their project's
 * daily totals ({@code sm_usage_daily}) and debits their processed audio from the capacities of
 * their labels ({@code sm_capacity_usage}). A request id already stored is left as it is (the
 * first write wins) and is neither counted nor debited again, so a retried write can never make a
 * second entry or a second debit.
 *
 * <pre>{@code
 * UsageLedger ledger = BatchingLedger.writingTo(new JdbcUsageWriter(dataSource)).start();
 * }</pre>
 */
public final class JdbcUsageWriter implements UsageBatchWriter {

    private static final System.Logger LOG = System.getLogger(JdbcUsageWriter.class.getName());
    /** Tries of a batch whose upsert lost a race for a new row (see {@link SqlDialect#lostUpsertRace}). */
    private static final int MAX_ATTEMPTS = 5;
    /** How often the rows of past minutes and hours are cleared away, in the time of the entries written. */
    private static final Duration FORGET_EVERY = Duration.ofHours(1);

    private final DataSource dataSource;
    private volatile Statements statements;
    /** When the past minutes or hours of each such capacity are next cleared away. */
    private final Map<CapacityRow.ShortPeriod, Instant> nextForget = new ConcurrentHashMap<>();

    public JdbcUsageWriter(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void writeAll(List<UsageRecord> records) {
        try (Connection connection = dataSource.getConnection()) {
            Statements sql = statementsFor(connection);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        write(connection, sql, records);
                        return;
                    } catch (SQLException e) {
                        connection.rollback();
                        boolean lostRace = sql.dialect().lostUpsertRace(e);
                        if (!lostRace && refusesValues(e)) {
                            throw new UsageRejectedException("The database refused a value of the batch: "
                                    + e.getMessage(), e);
                        }
                        if (attempt == MAX_ATTEMPTS || !lostRace) {
                            throw e;
                        }
                    }
                }
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write " + records.size() + " usage entries: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the database refused what the batch holds (SQL states of class 22, data exception,
     * and 23, integrity constraint violation), as opposed to failing to take it now: writing the
     * same records again would fail again.
     */
    static boolean refusesValues(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (next instanceof SQLDataException || next instanceof SQLIntegrityConstraintViolationException
                    || state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
            if (next.getNextException() == next) {
                break;
            }
        }
        return false;
    }

    /** One attempt at the batch's transaction. */
    private void write(Connection connection, Statements sql, List<UsageRecord> records) throws SQLException {
        List<UsageRecord> inserted = insertEntries(connection, sql, records);
        addToDailyTotals(connection, sql, inserted);
        Set<CapacityRow.ShortPeriod> shortPeriods = debitCapacities(connection, sql, inserted);
        connection.commit();
        forgetShortPeriodsNowAndThen(connection, sql, shortPeriods, inserted);
    }

    /** Inserts the entries; returns those that were new (a stored request id is left as it is). */
    private static List<UsageRecord> insertEntries(Connection connection, Statements sql, List<UsageRecord> records)
            throws SQLException {
        if (sql.dialect() == SqlDialect.POSTGRESQL) {
            return PostgresEntryInsert.insertNew(connection, records);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.insert())) {
            if (sql.dialect() == SqlDialect.H2) {
                return insertOneByOne(statement, records);
            }
            for (UsageRecord record : records) {
                EntryColumn.bindAll(statement, sql.dialect(), record);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            List<UsageRecord> inserted = new ArrayList<>(records.size());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    inserted.add(records.get(i));
                } else if (counts[i] == Statement.SUCCESS_NO_INFO) {
                    throw new SQLException("The driver did not say which usage entries were new");
                }
            }
            return inserted;
        }
    }

    /**
     * H2 runs in the server's own process: a statement per entry costs no round trip, and its
     * {@code executeBatch} makes (and fills in the stack of) an {@link SQLException} every time,
     * even when every entry succeeds.
     */
    private static List<UsageRecord> insertOneByOne(PreparedStatement statement, List<UsageRecord> records)
            throws SQLException {
        List<UsageRecord> inserted = new ArrayList<>(records.size());
        for (UsageRecord record : records) {
            EntryColumn.bindAll(statement, SqlDialect.H2, record);
            if (statement.executeUpdate() > 0) {
                inserted.add(record);
            }
        }
        return inserted;
    }

    /** Adds the new billed entries to their project's daily totals, in the same transaction. */
    private static void addToDailyTotals(Connection connection, Statements sql, List<UsageRecord> inserted)
            throws SQLException {
        Map<DailyTotals.Key, DailyTotals> totals = new TreeMap<>();
        for (UsageRecord record : inserted) {
            if (record.billable()) {
                totals.computeIfAbsent(DailyTotals.Key.of(record), DailyTotals::new).add(record);
            }
        }
        // In key order, so that two servers adding to the same days never wait on each other in a cycle.
        DailyTotals.UPSERT.add(connection, sql.dialect(), totals.values().stream().map(DailyTotals::row).toList());
    }

    /**
     * Once an hour per capacity of minutes or hours (by the entries' own times), after a batch that
     * debited it, deletes its long-past rows, in a transaction of its own so that it never holds
     * up a batch.
     */
    private void forgetShortPeriodsNowAndThen(Connection connection, Statements sql,
                                              Set<CapacityRow.ShortPeriod> debited, List<UsageRecord> inserted)
            throws SQLException {
        if (debited.isEmpty()) {
            return;
        }
        Instant now = inserted.stream().map(UsageRecord::endTime).max(Instant::compareTo).orElseThrow();
        try {
            for (CapacityRow.ShortPeriod capacity : debited) {
                if (!now.isBefore(nextForget.getOrDefault(capacity, Instant.MIN))) {
                    nextForget.put(capacity, now.plus(FORGET_EVERY));
                    CapacityRow.forgetBefore(connection, sql.dialect(), capacity, now);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            // The batch is committed: a failed clean-up must not make it look failed. A later one tries again.
            connection.rollback();
            LOG.log(System.Logger.Level.WARNING, "Could not delete the capacity rows of past minutes and hours: "
                    + e.getMessage());
        }
    }

    /**
     * Debits the new billed entries' processed audio from their labels' consumption, in the same
     * transaction; returns the capacities of minutes and hours that were debited.
     */
    private static Set<CapacityRow.ShortPeriod> debitCapacities(Connection connection, Statements sql,
                                                               List<UsageRecord> inserted) throws SQLException {
        if (inserted.stream().noneMatch(record -> record.debitMs() > 0)) {
            return Set.of();
        }
        Set<CapacityRow.ShortPeriod> shortPeriods = CapacityRow.shortPeriodsOf(connection, sql.dialect(), inserted);
        List<Object[]> rows = new ArrayList<>();
        CapacityRow.debitsOf(inserted, shortPeriods).forEach((row, debit) -> rows.add(row.row(debit, 0)));
        CapacityRow.UPSERT.add(connection, sql.dialect(), rows);
        return shortPeriods;
    }

    private Statements statementsFor(Connection connection) throws SQLException {
        Statements sql = statements;
        if (sql == null) {
            SqlDialect dialect = SqlDialect.of(connection);
            sql = new Statements(dialect, dialect.insertUnlessPresent("sm_usage_entry", "uuid", EntryColumn.NAMES));
            statements = sql;
        }
        return sql;
    }

    /** The database's dialect and its insert of entries. */
    private record Statements(SqlDialect dialect, String insert) {
    }
}
