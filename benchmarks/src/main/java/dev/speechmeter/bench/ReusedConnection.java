package dev.speechmeter.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out one open connection again and again, its {@code close()} a no-op,
 * as a server's pool does. Without it every read would pay for a new PostgreSQL backend, which
 * no deployment does. It keeps the last SQL prepared through it, so that the baseline can be
 * checked to send exactly that. One thread at a time.
 */
final class ReusedConnection implements DataSource {

    private final Connection connection;
    private final Connection handedOut;
    private String lastSql;

    ReusedConnection(Connection connection) {
        this.connection = connection;
        this.handedOut = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    if (method.getName().equals("prepareStatement")) {
                        lastSql = (String) args[0];
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection() {
        return handedOut;
    }

    @Override
    public Connection getConnection(String username, String password) {
        return handedOut;
    }

    /** The SQL of the last statement prepared through this data source. */
    String lastSql() {
        return lastSql;
    }

    /** The connection itself, for the baseline's bare JDBC. */
    Connection connection() {
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (!type.isInstance(this)) {
            throw new SQLException("Not a wrapper for " + type.getName());
        }
        return type.cast(this);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
