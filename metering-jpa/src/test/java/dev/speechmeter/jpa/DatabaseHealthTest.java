package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.internal.engine.UsageJournal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The readiness checks of the database: {@code speechmeter-schema} reads the migration history
 * of a real H2, {@code speechmeter-database} asks it for an answer, and neither waits longer
 * than its bound for a database that never answers.
 */
class DatabaseHealthTest {

    private static final String HISTORY = "\"" + SchemaMigrator.HISTORY_TABLE + "\"";

    private final FakeClock clock = new FakeClock(Instant.parse("2028-02-29T23:59:59.500Z"));
    private final List<Thread> probes = new ArrayList<>();
    private final ThreadFactory threads = work -> {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        probes.add(thread);
        return thread;
    };
    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path journalDirectory;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void aMigratedDatabaseIsReadyAndSaysItsVersion() {
        StoreHealth health = health(migratedH2(), StoreSettings.defaults());

        HealthReport schema = health.schema();
        HealthReport database = health.database();

        assertThat(schema.up()).as(schema.toString()).isTrue();
        assertThat(schema.data()).containsExactlyEntriesOf(orderedMap("mode", "migrate", "version", "10",
                "latest", "10"));
        assertThat(database.up()).as(database.toString()).isTrue();
        assertThat(database.data()).containsEntry("database", "H2").containsEntry("answered-in-ms", 0L);
        assertThat(probes).as("one probe for both checks of one health request").hasSize(1);
    }

    @Test
    void aMigrationNotAppliedMakesTheSchemaDownNamingIt() throws SQLException {
        DataSource dataSource = migratedH2();
        StoreHealth health = health(dataSource, StoreSettings.defaults().withSchemaMode(SchemaMode.VALIDATE));
        assertThat(health.schema().up()).isTrue();

        execute(dataSource, "delete from " + HISTORY + " where \"version\" in ('9', '10')");
        HealthReport cached = health.schema();
        clock.advance(DatabaseProbe.FRESH_FOR);
        HealthReport schema = health.schema();

        assertThat(cached.up()).as("the finding of a moment ago").isTrue();
        assertThat(schema.up()).isFalse();
        assertThat(schema.data()).containsEntry("mode", "validate").containsEntry("version", "8")
                .containsEntry("pending", "9,10");
        assertThat(health.database().up()).as("the database itself answers").isTrue();
        assertThat(probes).hasSize(2);
    }

    @Test
    void tablesMigratedAheadByANewerServerAreStillReady() throws SQLException {
        DataSource dataSource = migratedH2();
        execute(dataSource, "insert into " + HISTORY + " (\"installed_rank\", \"version\", \"description\", \"type\","
                + " \"script\", \"installed_by\", \"execution_time\", \"success\") values (99, '11', 'newer', 'SQL',"
                + " 'V11__newer.sql', 'sa', 1, true)");

        HealthReport schema = health(dataSource, StoreSettings.defaults()).schema();

        assertThat(schema.up()).isTrue();
        assertThat(schema.data()).containsEntry("version", "11").containsEntry("latest", "10")
                .containsEntry("newer", "11");
    }

    @Test
    void withoutAHistoryTheSchemaIsDownUnlessADbaKeepsTheTables() throws SQLException {
        DataSource dataSource = migratedH2();
        execute(dataSource, "drop table " + HISTORY);

        HealthReport migrate = health(dataSource, StoreSettings.defaults()).schema();
        HealthReport none = health(dataSource, StoreSettings.defaults().withSchemaMode(SchemaMode.NONE)).schema();

        assertThat(migrate.up()).isFalse();
        assertThat(migrate.data().get("error").toString()).contains(SchemaMigrator.HISTORY_TABLE);
        assertThat(none.up()).isTrue();
        assertThat(none.data()).containsExactlyEntriesOf(Map.of("mode", "none"));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsDownWithoutItsUrlOrPassword() {
        JdbcDataSource missing = new JdbcDataSource();
        missing.setURL("jdbc:h2:mem:missing-" + UUID.randomUUID() + ";IFEXISTS=TRUE");
        missing.setUser("meter");
        missing.setPassword("s3cret-password");
        StoreHealth health = health(missing, StoreSettings.defaults());

        HealthReport database = health.database();
        HealthReport schema = health.schema();

        assertThat(database.up()).isFalse();
        assertThat(database.data().get("error").toString()).startsWith("JdbcSQLNonTransientConnectionException: ")
                .contains("not found");
        assertThat(schema.up()).isFalse();
        assertThat(schema.data()).containsEntry("error", "the database does not answer (speechmeter-database)");
        assertThat(database.data() + " " + schema.data()).doesNotContain("s3cret", "jdbc:h2");
    }

    @Test
    void aDatabaseThatNeverAnswersIsDownWithinTheBoundAndProbedOnceAtATime() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setServerNames(new String[] {"127.0.0.1"});
            postgres.setPortNumbers(new int[] {silent.getLocalPort()});
            postgres.setDatabaseName("meter");
            Duration bound = Duration.ofMillis(200);
            DatabaseProbe probe = new DatabaseProbe(postgres, true, threads, clock, bound);
            StoreHealth health = new StoreHealth(probe, ledger(), journal(), StoreSettings.defaults());

            long start = System.nanoTime();
            HealthReport first = health.database();
            clock.advance(Duration.ofSeconds(5));
            HealthReport second = health.schema();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(first.up()).isFalse();
            assertThat(first.data()).containsEntry("error", "TimeoutException: no answer within 200 ms");
            assertThat(second.up()).isFalse();
            assertThat(took).as("two checks, each waiting its bound once").isLessThan(Duration.ofSeconds(3));
            assertThat(probes).as("the second check waits for the probe under way, starts none").hasSize(1);
        }
    }

    private StoreHealth health(DataSource dataSource, StoreSettings settings) {
        DatabaseProbe probe = new DatabaseProbe(dataSource, settings.schemaMode() != SchemaMode.NONE, threads, clock,
                DatabaseProbe.ANSWER_WITHIN);
        return new StoreHealth(probe, ledger(), journal(), settings);
    }

    private BatchingLedger ledger() {
        BatchingLedger ledger = BatchingLedger.writingTo(records -> { }).start();
        opened.add(ledger);
        return ledger;
    }

    private UsageJournal journal() {
        try {
            UsageJournal journal = UsageJournal.open(journalDirectory.resolve(UUID.randomUUID().toString()), 1L << 20);
            opened.add(journal);
            return journal;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DataSource migratedH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:health-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(dataSource);
        return dataSource;
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
