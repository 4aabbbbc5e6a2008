package dev.speechmeter.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * A data source that hands out one open connection again and again, its {@code close()} a no-op,
 * as a server's pool does. Without it every read would pay for a new PostgreSQL backend, which
 * no deployment does. It keeps the last SQL prepared through it, so that the baseline can be
 * checked to send exactly that. One thread at a time.
 */
final class ReusedConnection extends ConnectionSource {

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

    /** The SQL of the last statement prepared through this data source. */
    String lastSql() {
        return lastSql;
    }

    /** The connection itself, for the baseline's bare JDBC. */
    Connection connection() {
        return connection;
    }
}
