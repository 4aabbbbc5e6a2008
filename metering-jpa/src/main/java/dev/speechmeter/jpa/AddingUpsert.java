package dev.speechmeter.jpa;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a batch of sums to the rows of a totals table, making the rows that are not there yet: the
 * daily totals and the capacity consumption of a usage batch. On PostgreSQL the whole batch is one
 * statement ({@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE}), so a batch
 * touching thousands of rows is planned and run once; elsewhere it is a JDBC batch of the
 * dialect's upsert. Rows are written in the order given: callers give them in key order, so two
 * transactions adding to the same rows never wait on each other in a cycle.
 *
 * <pre>{@code
 * AddingUpsert daily = new AddingUpsert("sm_usage_daily", List.of("project_id", "usage_day"),
 *         List.of(new AddingUpsert.Column("project_id", "uuid"), new AddingUpsert.Column("usage_day", "date"),
 *                 new AddingUpsert.Column("num_requests", "bigint")));
 * daily.add(connection, dialect, List.of(new Object[] {project, day, 3L}));
 * }</pre>
 */
final class AddingUpsert {

    /**
     * A column of the table.
     *
     * @param name   its name
     * @param pgType the element type of its PostgreSQL array
     */
    record Column(String name, String pgType) {
    }

    private final String table;
    private final List<String> key;
    private final List<Column> columns;
    private final List<String> names;
    private final String postgresSql;
    /** Each dialect's upsert of one row, made once rather than for every batch. */
    private final Map<SqlDialect, String> rowSql = new EnumMap<>(SqlDialect.class);

    AddingUpsert(String table, List<String> key, List<Column> columns) {
        this.table = table;
        this.key = List.copyOf(key);
        this.columns = List.copyOf(columns);
        this.names = columns.stream().map(Column::name).toList();
        this.postgresSql = postgresSql();
        for (SqlDialect dialect : SqlDialect.values()) {
            rowSql.put(dialect, dialect.insertOrAdd(table, key, names));
        }
    }

    /** Adds every row: values in the order of the columns; times as {@link Instant}s. */
    void add(Connection connection, SqlDialect dialect, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (dialect == SqlDialect.POSTGRESQL) {
            addInOneStatement(connection, rows);
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(rowSql.get(dialect))) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i] instanceof Instant instant ? dialect.timestamp(instant) : row[i]);
                }
                // H2 is in-process: a statement a row costs no round trip, and no batch's SQLException.
                if (dialect == SqlDialect.H2) {
                    statement.executeUpdate();
                } else {
                    statement.addBatch();
                }
            }
            if (dialect != SqlDialect.H2) {
                statement.executeBatch();
            }
        }
    }

    private void addInOneStatement(Connection connection, List<Object[]> rows) throws SQLException {
        List<Array> arrays = new ArrayList<>(columns.size());
        try (PreparedStatement statement = connection.prepareStatement(postgresSql)) {
            for (int c = 0; c < columns.size(); c++) {
                Object[] values = new Object[rows.size()];
                for (int r = 0; r < values.length; r++) {
                    values[r] = element(rows.get(r)[c]);
                }
                Array array = connection.createArrayOf(columns.get(c).pgType(), values);
                arrays.add(array);
                statement.setArray(c + 1, array);
            }
            statement.executeUpdate();
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /** A value as a PostgreSQL array element: times and dates in ISO-8601, decimals without exponent. */
    private static Object element(Object value) {
        if (value instanceof Instant || value instanceof LocalDate) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value;
    }

    private String postgresSql() {
        StringBuilder arrays = new StringBuilder();
        StringBuilder sums = new StringBuilder();
        for (Column column : columns) {
            arrays.append(arrays.isEmpty() ? "" : ", ").append("CAST(? AS ").append(column.pgType()).append("[])");
            if (!key.contains(column.name())) {
                sums.append(sums.isEmpty() ? "" : ", ").append(column.name()).append(" = ").append(table).append('.')
                        .append(column.name()).append(" + EXCLUDED.").append(column.name());
            }
        }
        return "INSERT INTO " + table + " (" + String.join(", ", names) + ") SELECT * FROM unnest(" + arrays + ")"
                + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET " + sums;
    }
}
