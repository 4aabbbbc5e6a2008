package dev.speechmeter.jpa;

import java.sql.Connection;
import java.sql.SQLException;

/** The dialect of one data source, found from its first connection and kept. */
final class KnownDialect {

    private volatile SqlDialect dialect;

    SqlDialect of(Connection connection) throws SQLException {
        SqlDialect known = dialect;
        if (known == null) {
            known = SqlDialect.of(connection);
            dialect = known;
        }
        return known;
    }
}
