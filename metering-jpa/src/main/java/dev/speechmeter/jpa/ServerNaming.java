package dev.speechmeter.jpa;

import dev.speechmeter.ConfigurationException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * What the store looks up in the server's naming context: the data source
 * {@code speechmeter.datasource} names, and the transaction synchronization registry.
 *
 * <p>A data source name that finds nothing, or something other than a data source, fails the
 * start and says which setting to correct: the store never falls back to another database.
 *
 * <pre>{@code
 * DataSource dataSource = ServerNaming.dataSource(settings.dataSource());
 * TransactionSynchronizationRegistry registry = ServerNaming.transactionRegistry();
 * }</pre>
 */
final class ServerNaming {

    static final String USER_TRANSACTION = "java:comp/UserTransaction";
    static final String TRANSACTION_REGISTRY = "java:comp/TransactionSynchronizationRegistry";
    static final String APPLICATION_NAME = "java:app/AppName";
    static final String THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private ServerNaming() {
    }

    /**
     * Looks {@code name} up in the naming context of the calling component.
     *
     * @throws ConfigurationException naming {@code speechmeter.datasource} and {@code name}
     */
    static DataSource dataSource(String name) {
        return lookUp("look up " + StoreSettings.DATA_SOURCE + " ('" + name + "') in", naming -> find(naming, name));
    }

    /**
     * What every Jakarta EE server binds at {@code name}: {@link #USER_TRANSACTION},
     * {@link #TRANSACTION_REGISTRY}, {@link #APPLICATION_NAME} or {@link #THREAD_FACTORY}.
     */
    static <T> T standard(String name, Class<T> type) {
        return lookUp("look up " + name + " in", naming -> type.cast(naming.lookup(name)));
    }

    private static <T> T lookUp(String purpose, Lookup<T> lookup) {
        try {
            InitialContext naming = new InitialContext();
            try {
                return lookup.in(naming);
            } finally {
                naming.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("The naming context to " + purpose + " cannot be used: " + e, e);
        }
    }

    @FunctionalInterface
    private interface Lookup<T> {
        T in(Context naming) throws NamingException;
    }

    /** @throws ConfigurationException naming {@code speechmeter.datasource} and {@code name} */
    static DataSource find(Context naming, String name) {
        Object found;
        try {
            found = naming.lookup(name);
        } catch (NamingException e) {
            throw new ConfigurationException(invalid(name) + "looking it up failed: " + e, e);
        }
        if (found instanceof DataSource dataSource) {
            return dataSource;
        }
        throw new ConfigurationException(invalid(name) + "it names "
                + (found == null ? "null" : "a " + found.getClass().getName()));
    }

    private static String invalid(String name) {
        return "Invalid value '" + name + "' for " + StoreSettings.DATA_SOURCE
                + ": expected the JNDI name of the data source Speechmeter keeps its tables in, but ";
    }
}
