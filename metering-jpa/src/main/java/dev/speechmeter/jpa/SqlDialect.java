package dev.speechmeter.jpa;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The databases Speechmeter has migrations and SQL for, and what differs between them. Chosen by
 * the product name the JDBC driver reports.
 */
enum SqlDialect {

    H2("H2", "h2") {
        @Override
        String insertUnlessPresent(String table, String key, List<String> columns) {
            return "MERGE INTO " + table + " t USING (VALUES (" + parameters(columns) + ")) AS s (" + list("", columns)
                    + ") ON t." + key + " = s." + key + " WHEN NOT MATCHED THEN INSERT (" + list("", columns)
                    + ") VALUES (" + list("s.", columns) + ")";
        }

        @Override
        String upsert(String table, List<String> key, List<String> columns, boolean add) {
            return "MERGE INTO " + table + " t USING (VALUES (" + parameters(columns) + ")) AS s (" + list("", columns)
                    + ") ON " + key.stream().map(column -> "t." + column + " = s." + column)
                            .collect(Collectors.joining(" AND "))
                    + " WHEN MATCHED THEN UPDATE SET " + assignments(key, columns, "t.", "s.", add)
                    + " WHEN NOT MATCHED THEN INSERT (" + list("", columns) + ") VALUES (" + list("s.", columns) + ")";
        }
    },

    POSTGRESQL("PostgreSQL", "postgresql") {
        @Override
        String insertUnlessPresent(String table, String key, List<String> columns) {
            return "INSERT INTO " + table + " (" + list("", columns) + ") VALUES (" + parameters(columns) + ")"
                    + " ON CONFLICT (" + key + ") DO NOTHING";
        }

        @Override
        String upsert(String table, List<String> key, List<String> columns, boolean add) {
            return "INSERT INTO " + table + " (" + list("", columns) + ") VALUES (" + parameters(columns) + ")"
                    + " ON CONFLICT (" + list("", key) + ") DO UPDATE SET "
                    + assignments(key, columns, table + ".", "EXCLUDED.", add);
        }
    },

    /**
     * MariaDB 10.7 or later (for the {@code uuid} type). It has no timestamp with time zone: times
     * are {@code datetime(6)} columns holding UTC, bound and read as UTC {@link LocalDateTime}s so
     * that neither the session's nor the JVM's time zone can shift them. Its insert-unless-present
     * tells a kept row (0) from a new one (1) only when the driver reports affected rather than
     * found rows, one count for each row of a batch, which {@link #check(Connection)} makes sure of.
     */
    MARIADB("MariaDB", "mariadb") {
        @Override
        String utcDay(String column) {
            return "CAST(" + column + " AS DATE)";
        }

        @Override
        Object timestamp(Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }

        @Override
        Instant instant(ResultSet row, String column) throws SQLException {
            return row.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }

        @Override
        String insertUnlessPresent(String table, String key, List<String> columns) {
            return "INSERT INTO " + table + " (" + list("", columns) + ") VALUES (" + parameters(columns) + ")"
                    + " ON DUPLICATE KEY UPDATE " + key + " = " + key;
        }

        @Override
        String upsert(String table, List<String> key, List<String> columns, boolean add) {
            return "INSERT INTO " + table + " (" + list("", columns) + ") VALUES (" + parameters(columns) + ")"
                    + " ON DUPLICATE KEY UPDATE " + columns.stream().filter(column -> !key.contains(column))
                            .map(column -> column + " = " + (add ? column + " + " : "") + "VALUES(" + column + ")")
                            .collect(Collectors.joining(", "));
        }

        @Override
        void check(Connection connection) throws SQLException {
            // The MariaDB driver spells out in this URL every option that is set, by URL or by property.
            String url = String.valueOf(connection.getMetaData().getURL());
            if (!url.contains("useAffectedRows=true")) {
                throw new IllegalStateException("Speechmeter needs the MariaDB driver option useAffectedRows=true "
                        + "(jdbc:mariadb://host:3306/database?useAffectedRows=true): without it a repeated usage entry "
                        + "cannot be told from a new one");
            }
            if (url.contains("rewriteBatchedStatements=true")) {
                throw new IllegalStateException("Speechmeter cannot work with the MariaDB driver option "
                        + "rewriteBatchedStatements=true: with it the driver does not say which usage entries are new");
            }
        }
    };

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MARIADB_DUPLICATE_ENTRY = 1062;

    private final String productName;
    private final String folder;

    SqlDialect(String productName, String folder) {
        this.productName = productName;
        this.folder = folder;
    }

    /** The folder of this database's migrations under {@code db/speechmeter/}. */
    String folder() {
        return folder;
    }

    /** The UTC calendar day of one of Speechmeter's timestamp columns, as an SQL expression. */
    String utcDay(String column) {
        return "CAST(" + column + " AT TIME ZONE 'UTC' AS DATE)";
    }

    /** An instant as a parameter for one of Speechmeter's timestamp columns. */
    Object timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant in one of Speechmeter's timestamp columns. */
    Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    /**
     * Inserts a row of the given columns, one parameter each, unless a row with the same key is
     * there, which is left as it is. The update count is 1 for a new row and 0 for a kept one.
     */
    abstract String insertUnlessPresent(String table, String key, List<String> columns);

    /**
     * Inserts a row of the given columns, one parameter each; where a row with the same key is
     * there, adds the parameters to its columns that are not part of the key instead.
     */
    final String insertOrAdd(String table, List<String> key, List<String> columns) {
        return upsert(table, key, columns, true);
    }

    /**
     * Inserts a row of the given columns, one parameter each; where a row with the same key is
     * there, sets its columns that are not part of the key to the parameters instead.
     */
    final String insertOrReplace(String table, List<String> key, List<String> columns) {
        return upsert(table, key, columns, false);
    }

    /** An insert that adds to ({@code add}) or replaces the columns of a row already there. */
    abstract String upsert(String table, List<String> key, List<String> columns, boolean add);

    /**
     * Whether a statement failed only because a concurrent transaction inserted the row an upsert
     * was about to insert, so that trying the transaction again will update that row instead.
     * H2's {@code MERGE} checks for the row and then inserts, with no lock in between; the
     * upserts of PostgreSQL and MariaDB are atomic and never lose such a race.
     */
    boolean lostUpsertRace(SQLException e) {
        return this == H2 && UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /**
     * Whether {@code failure}, or one of its causes, is a unique or primary key violation: SQL state
     * {@code 23505} (H2, PostgreSQL), or {@code 23000} with MariaDB's error 1062.
     */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException e && (UNIQUE_VIOLATION.equals(e.getSQLState())
                    || "23000".equals(e.getSQLState()) && e.getErrorCode() == MARIADB_DUPLICATE_ENTRY)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a connection whose driver settings Speechmeter cannot work with. */
    void check(Connection connection) throws SQLException {
    }

    static SqlDialect of(String productName) {
        for (SqlDialect dialect : values()) {
            if (dialect.productName.equals(productName)) {
                return dialect;
            }
        }
        throw new IllegalStateException("Speechmeter has schema migrations for "
                + Arrays.stream(values()).map(d -> d.productName).collect(Collectors.joining(", "))
                + ", not for '" + productName + "'; point the data source at one of those");
    }

    /** The dialect of the connection's database, once the connection's settings are checked. */
    static SqlDialect of(Connection connection) throws SQLException {
        SqlDialect dialect = of(connection.getMetaData().getDatabaseProductName());
        dialect.check(connection);
        return dialect;
    }

    static SqlDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to the database of the Speechmeter store", e);
        }
    }

    private static String list(String prefix, List<String> columns) {
        return columns.stream().map(column -> prefix + column).collect(Collectors.joining(", "));
    }

    private static String parameters(List<String> columns) {
        return String.join(", ", Collections.nCopies(columns.size(), "?"));
    }

    private static String assignments(List<String> key, List<String> columns, String target, String given,
                                      boolean add) {
        return columns.stream().filter(column -> !key.contains(column))
                .map(column -> column + " = " + (add ? target + column + " + " : "") + given + column)
                .collect(Collectors.joining(", "));
    }
}
