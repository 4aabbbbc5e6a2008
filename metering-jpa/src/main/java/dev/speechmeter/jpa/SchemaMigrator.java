package dev.speechmeter.jpa;

import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

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
        flyway(dataSource).migrate();
    }

    /**
     * Prepares the tables as {@code mode} says: migrates them, checks that every migration has
     * been applied, or leaves them alone.
     *
     * @throws IllegalStateException under {@link SchemaMode#VALIDATE}, when a migration is missing
     *         or was changed after it was applied, naming it
     */
    public static void prepare(DataSource dataSource, SchemaMode mode) {
        switch (mode) {
            case MIGRATE -> migrate(dataSource);
            case VALIDATE -> {
                ValidateResult result = flyway(dataSource).validateWithResult();
                if (!result.validationSuccessful) {
                    throw new IllegalStateException("The Speechmeter tables are not up to date (" + StoreSettings.SCHEMA_MODE
                            + "=validate): " + problems(result)
                            + ". Apply the migrations, or start once with " + StoreSettings.SCHEMA_MODE + "=migrate");
                }
            }
            case NONE -> {
                // A schema someone else manages.
            }
        }
    }

    /** Each migration that is not as it should be, in Speechmeter's words: {@code V1 initial schema (not applied)}. */
    private static String problems(ValidateResult result) {
        if (result.invalidMigrations == null || result.invalidMigrations.isEmpty()) {
            return result.getAllErrorMessages();
        }
        return result.invalidMigrations.stream()
                .map(migration -> "V" + migration.version + " " + migration.description + " (" + why(migration) + ")")
                .collect(Collectors.joining(", "));
    }

    /** {@code not applied}, or the first line of Flyway's own reason. */
    private static String why(ValidateOutput migration) {
        String message = migration.errorDetails == null ? null : migration.errorDetails.errorMessage;
        if (message == null) {
            return "invalid";
        }
        if (message.startsWith("Detected resolved migration not applied")) {
            return "not applied";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static Flyway flyway(DataSource dataSource) {
        String folder = ROOT + "/" + SqlDialect.of(dataSource).folder();
        ClassLoader loader = SchemaMigrator.class.getClassLoader();
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .resourceProvider(IndexedMigrations.load(loader, folder))
                .javaMigrationClassProvider(List::of)
                // The schema may already hold the application's tables: start from an empty
                // baseline (version 0) there, so that V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
