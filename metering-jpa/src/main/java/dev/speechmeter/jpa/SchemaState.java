package dev.speechmeter.jpa;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How far Speechmeter's tables are migrated, from the migration history that
 * {@link SchemaMigrator} keeps ({@code speechmeter_schema_history}), against the migrations this
 * server ships for the database at hand.
 *
 * <pre>{@code
 * SchemaState state = SchemaState.read(connection, 1);
 * state.migrated();   // every migration of this server applied
 * }</pre>
 *
 * @param current the highest version applied, or null when none is
 * @param latest  the highest version among this server's migrations
 * @param pending this server's migrations the history does not show applied
 * @param failed  versions the history shows failed
 * @param newer   versions applied that this server does not have: a newer server migrated the
 *                tables ahead, which this one works with (migrations only add)
 */
record SchemaState(String current, String latest, List<String> pending, List<String> failed, List<String> newer) {

    private static final Comparator<String> BY_VERSION = Comparator.comparing(SchemaState::parts, Arrays::compare);

    SchemaState {
        pending = List.copyOf(pending);
        failed = List.copyOf(failed);
        newer = List.copyOf(newer);
    }

    /**
     * Every migration of this server applied. A failed row of a version applied since, or of a
     * newer server's migration, is shown but does not change this.
     */
    boolean migrated() {
        return pending.isEmpty();
    }

    /**
     * Reads the history on {@code connection}, waiting at most {@code timeoutSeconds} for it.
     *
     * @throws SQLException when the history cannot be read, as when there is no history table
     */
    static SchemaState read(Connection connection, int timeoutSeconds) throws SQLException {
        SqlDialect dialect = SqlDialect.of(connection);
        List<String> known = IndexedMigrations.fileNames(SchemaState.class.getClassLoader(),
                        SchemaMigrator.ROOT + "/" + dialect.folder()).stream()
                .map(SchemaState::versionOf)
                .sorted(BY_VERSION)
                .toList();
        List<String> applied = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        String quote = connection.getMetaData().getIdentifierQuoteString().strip();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet rows = statement.executeQuery("select " + quote + "version" + quote + ", " + quote
                    + "success" + quote + " from " + quote + SchemaMigrator.HISTORY_TABLE + quote)) {
                while (rows.next()) {
                    String version = rows.getString(1);
                    if (version != null) {
                        (rows.getBoolean(2) ? applied : failed).add(version);
                    }
                }
            }
        }
        String latest = known.isEmpty() ? null : known.get(known.size() - 1);
        return new SchemaState(
                applied.stream().max(BY_VERSION).orElse(null),
                latest,
                known.stream().filter(version -> !applied.contains(version)).toList(),
                failed.stream().sorted(BY_VERSION).toList(),
                applied.stream().filter(version -> latest == null || BY_VERSION.compare(version, latest) > 0)
                        .sorted(BY_VERSION).toList());
    }

    /** {@code V10__idempotency_keys.sql} is version {@code 10}, {@code V1_1__x.sql} version {@code 1.1}, as Flyway reads them. */
    static String versionOf(String fileName) {
        int end = fileName.indexOf("__");
        if (!fileName.startsWith("V") || end < 2) {
            throw new IllegalStateException("Not a versioned migration: " + fileName);
        }
        return fileName.substring(1, end).replace('_', '.');
    }

    private static int[] parts(String version) {
        return Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
