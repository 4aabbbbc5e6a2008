package dev.speechmeter.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The databases Speechmeter has migrations and SQL for, and what differs between them. Chosen by
 * the product name the JDBC driver reports.
 */
enum SqlDialect {

    H2("H2", "h2"),
    POSTGRESQL("PostgreSQL", "postgresql");

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

    /** The UTC calendar day of a {@code timestamp with time zone} column, as an SQL expression. */
    String utcDay(String column) {
        return "CAST(" + column + " AT TIME ZONE 'UTC' AS DATE)";
    }

    static SqlDialect of(String productName) {
        for (SqlDialect dialect : values()) {
            if (dialect.productName.equals(productName)) {
                return dialect;
            }
        }
        throw new IllegalStateException("Speechmeter has schema migrations for "
                + Arrays.stream(values()).map(d -> d.productName).collect(Collectors.joining(" and "))
                + ", not for '" + productName + "'; point the data source at one of those");
    }

    static SqlDialect of(Connection connection) throws SQLException {
        return of(connection.getMetaData().getDatabaseProductName());
    }

    static SqlDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to the database of the Speechmeter store", e);
        }
    }
}
