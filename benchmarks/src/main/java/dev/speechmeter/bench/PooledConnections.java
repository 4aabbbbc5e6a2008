package dev.speechmeter.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sql.DataSource;

/**
 * A data source that keeps the connections it opened and hands them out again, as a server's
 * pool does: {@code close()} puts a connection back instead of closing it. Without it every batch
 * would pay for a new PostgreSQL backend, which no deployment does. Any number of threads.
 *
 * <pre>{@code
 * DataSource pooled = new PooledConnections(postgres.getPostgresDatabase());
 * }</pre>
 */
final class PooledConnections extends ConnectionSource {

    private final DataSource target;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();

    PooledConnections(DataSource target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = idle.poll();
        if (connection == null) {
            connection = target.getConnection();
        }
        Connection pooled = connection;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        idle.add(pooled);
                        return null;
                    }
                    try {
                        return method.invoke(pooled, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
