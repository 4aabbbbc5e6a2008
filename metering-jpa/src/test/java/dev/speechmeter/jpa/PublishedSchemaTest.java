package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TenantAdmin;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL published for DBAs ({@code docs/schema/<database>.sql}) is the application's own
 * migrations, and a schema made from it by hand serves Speechmeter under
 * {@code speechmeter.schema.mode=none}.
 */
class PublishedSchemaTest {

    private static final Path DOCS = Path.of("..", "docs", "schema");

    @TempDir
    Path journal;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void thePublishedSqlIsTheMigrationsInOrder(String database) throws IOException {
        assertThat(Files.readString(DOCS.resolve(database + ".sql"))).isEqualTo(published(database));
    }

    @Test
    void aSchemaMadeByHandFromThePublishedSqlServesWithModeNone() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:by-hand-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        runScript(h2, Files.readString(DOCS.resolve("h2.sql")));

        assertThat(servesAKey(h2)).isTrue();
    }

    @Test
    void soDoesOneOnPostgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            runScript(dataSource, Files.readString(DOCS.resolve("postgresql.sql")));

            assertThat(servesAKey(dataSource)).isTrue();
        }
    }

    /** Makes a tenant and a key through the store, then finds the key, with the schema left alone. */
    private boolean servesAKey(DataSource dataSource) {
        StoreSettings settings = StoreSettings.defaults().withSchemaMode(SchemaMode.NONE).withJournalDirectory(journal);
        try (JpaBackends store = JpaBackends.resourceLocal(dataSource, MeteringConfig.defaults(), settings,
                () -> Instant.parse("2026-12-01T10:00:00Z"))) {
            TenantAdmin admin = store.tenantAdmin();
            UUID project = admin.createProject(admin.createOrganization("Acme", Limits.none()), "app", Limits.none());
            CreatedKey key = admin.createKey(project, "backend");
            Optional<Caller> found = store.keyDirectory().findByHash(ApiKeys.hash(key.secret()));
            return found.isPresent() && found.get().projectId().equals(project);
        }
    }

    /** What {@code docs/schema/<database>.sql} must hold: a header, then each migration under its name. */
    private static String published(String database) throws IOException {
        String folder = SchemaMigrator.ROOT + "/" + database + "/";
        StringBuilder sql = new StringBuilder("-- Speechmeter's tables for " + database + ", for a DBA who creates them "
                + "by hand: run this file once on an\n-- empty schema, then start the application with "
                + "speechmeter.schema.mode=none. Generated from the\n-- migrations the application runs itself under "
                + "speechmeter.schema.mode=migrate. A test keeps it equal.\n");
        for (String name : migrations(folder)) {
            sql.append("\n-- ").append(name).append('\n').append(resource(folder + name));
        }
        return sql.toString();
    }

    private static List<String> migrations(String folder) throws IOException {
        return resource(folder + "migrations.txt").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static String resource(String name) throws IOException {
        try (var in = PublishedSchemaTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs each statement of a script, as a DBA's SQL client would: comments dropped, split at semicolons. */
    private static void runScript(DataSource dataSource, String script) throws SQLException {
        String code = script.lines().map(line -> line.contains("--") ? line.substring(0, line.indexOf("--")) : line)
                .reduce("", (a, b) -> a + b + "\n");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : code.split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql.strip());
                }
            }
        }
    }
}
