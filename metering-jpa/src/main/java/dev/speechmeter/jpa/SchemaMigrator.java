package dev.speechmeter.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the Speechmeter tables up to date with Flyway. The migrations for the database at hand
 * ({@code db/speechmeter/h2/} or {@code db/speechmeter/postgresql/}) are read from the list in
 * that folder's {@code migrations.txt} through the class loader, never found by scanning the
 * class path, which is unreliable for a jar inside a deployed WAR. The history table is
 * {@code speechmeter_schema_history}, so the tables can share a schema with the application's own.
 *
 * <pre>{@code
 * SchemaMigrator.migrate(dataSource);   // before the first use of the persistence unit
 * }</pre>
 */
public final class SchemaMigrator {

    static final String HISTORY_TABLE = "speechmeter_schema_history";
    static final String ROOT = "db/speechmeter";

    /** Database product names, as the JDBC driver reports them, to the folder of their migrations. */
    private static final Map<String, String> FOLDERS = Map.of("H2", "h2", "PostgreSQL", "postgresql");

    private SchemaMigrator() {
    }

    /**
     * Applies the migrations not applied yet; does nothing when the schema is current.
     *
     * @throws IllegalStateException when the database is not one Speechmeter has migrations for
     * @throws org.flywaydb.core.api.FlywayException when a migration fails
     */
    public static void migrate(DataSource dataSource) {
        String folder = ROOT + "/" + folderFor(productName(dataSource));
        ClassLoader loader = SchemaMigrator.class.getClassLoader();
        Flyway.configure(loader)
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .resourceProvider(IndexedMigrations.load(loader, folder))
                .javaMigrationClassProvider(List::of)
                // The schema may already hold the application's tables: start from an empty
                // baseline (version 0) there, so that V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    static String folderFor(String productName) {
        String folder = FOLDERS.get(productName);
        if (folder == null) {
            throw new IllegalStateException("Speechmeter has schema migrations for H2 and PostgreSQL, not for '"
                    + productName + "'; point the data source at one of those");
        }
        return folder;
    }

    private static String productName(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to the database to migrate the Speechmeter schema", e);
        }
    }
}
