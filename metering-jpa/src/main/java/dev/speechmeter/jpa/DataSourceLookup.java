package dev.speechmeter.jpa;

import dev.speechmeter.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Finds the data source {@code speechmeter.datasource} names in the server's naming context. A
 * name that finds nothing, or something other than a data source, fails the start and says which
 * setting to correct: the store never falls back to another database.
 *
 * <pre>{@code
 * DataSource dataSource = DataSourceLookup.inServer(settings.dataSource());
 * }</pre>
 */
final class DataSourceLookup {

    private DataSourceLookup() {
    }

    /**
     * Looks {@code name} up in the naming context of the calling component.
     *
     * @throws ConfigurationException naming {@code speechmeter.datasource} and {@code name}
     */
    static DataSource inServer(String name) {
        try {
            InitialContext naming = new InitialContext();
            try {
                return find(naming, name);
            } finally {
                naming.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("The naming context to look up " + StoreSettings.DATA_SOURCE + " ('"
                    + name + "') in cannot be used: " + e, e);
        }
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
