package dev.speechmeter.jpa;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the Speechmeter tables up to date with Flyway. The migrations for the database at hand
 * ({@code db/speechmeter/h2/}, {@code postgresql/} or {@code mariadb/}) are read from the list in
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

    private SchemaMigrator() {
    }

    /**
     * Applies the migrations not applied yet; does nothing when the schema is current.
     *
     * @throws IllegalStateException when the database is not one Speechmeter has migrations for, or
     *         its driver is set up in a way Speechmeter cannot work with (MariaDB without
     *         {@code useAffectedRows=true})
     * @throws org.flywaydb.core.api.FlywayException when a migration fails
     */
    public static void migrate(DataSource dataSource) {
        String folder = ROOT + "/" + SqlDialect.of(dataSource).folder();
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
}
