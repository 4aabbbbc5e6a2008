package dev.speechmeter.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The sample on WildFly over PostgreSQL, under load, through the faults a production server meets:
 * {@code kill -9} of the server (then a restart), and the database stopped and started again.
 * Every request the clients saw answered {@code 2xx} in full must have its usage entry afterwards,
 * once; this counts them. Run by {@code benchmarks/scripts/fault-campaign.sh}, which prepares the
 * server directory (the sample deployed, the PostgreSQL driver as a module).
 *
 * <pre>
 * java -cp benchmarks.jar dev.speechmeter.bench.FaultCampaign &lt;server-dir&gt; &lt;kills&gt; &lt;outage-seconds&gt; &lt;threads&gt;
 * </pre>
 */
public final class FaultCampaign {

    private static final String KEY = "campaign_key_0123456789abcdefghijklmnopqrstuv";
    private static final String BODY = "{\"text\": \"Hello, world\"}";
    private static final Duration READY = Duration.ofMinutes(3);

    private final Path server;
    private final int threads;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int httpPort = freePort();
    private final int managementPort = freePort();
    private final int httpsPort = freePort();
    private final int databasePort = freePort();
    private final Path databaseDirectory;
    private EmbeddedPostgres database;
    private Process wildfly;
    private String durability;

    private FaultCampaign(Path server, int threads) throws IOException {
        this.server = server;
        this.threads = threads;
        this.databaseDirectory = Files.createDirectories(server.resolveSibling("database"));
    }

    public static void main(String[] args) throws Exception {
        Path server = Path.of(args[0]);
        int kills = Integer.parseInt(args[1]);
        int outageSeconds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        FaultCampaign campaign = new FaultCampaign(server, threads);
        campaign.configureServer();
        System.out.printf("machine: %d cores, %s; %d client threads posting /tts%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), threads);
        try {
            campaign.startDatabase();
            for (String durability : List.of("sync", "async")) {
                campaign.killCampaign(durability, kills);
            }
            campaign.outageCampaign("sync", outageSeconds);
        } finally {
            campaign.stopServer();
            campaign.stopDatabase();
        }
    }

    /** The example datasource on this campaign's PostgreSQL, validating its connections. */
    private void configureServer() throws IOException {
        Path configuration = server.resolve("standalone/configuration/standalone.xml");
        String xml = Files.readString(configuration);
        xml = xml.replaceAll("<connection-url>jdbc:h2:mem:test;[^<]*</connection-url>",
                        "<connection-url>jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres</connection-url>")
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

    private void startDatabase() throws IOException {
        database = EmbeddedPostgres.builder()
                .setDataDirectory(databaseDirectory)
                .setCleanDataDirectory(false)
                .setPort(databasePort)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private void stopDatabase() throws IOException {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    private void startServer() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(server.resolve("bin/standalone.sh").toString(),
                "-Djboss.http.port=" + httpPort, "-Djboss.https.port=" + httpsPort,
                "-Djboss.management.http.port=" + managementPort)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(server.resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("SPEECHMETER_DEMO_KEY", KEY);
        env.put("SPEECHMETER_USAGE_DURABILITY", durability);
        for (String level : List.of("ORGANIZATION", "PROJECT")) {
            env.put("SPEECHMETER_LIMITS_" + level + "_REQUESTS_PER_MINUTE", "none");
            env.put("SPEECHMETER_LIMITS_" + level + "_TTS_CONCURRENT", "none");
        }
        wildfly = builder.start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (post().statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The server did not answer within " + READY);
    }

    /** {@code kill -9} of the server's JVM: no shutdown hook, no flush, no goodbye. */
    private void killServer() throws InterruptedException {
        for (ProcessHandle process : wildfly.descendants().toList()) {
            process.destroyForcibly();
        }
        wildfly.destroyForcibly();
        wildfly.waitFor();
    }

    private void stopServer() throws InterruptedException {
        if (wildfly == null) {
            return;
        }
        for (ProcessHandle process : wildfly.descendants().toList()) {
            process.destroy();   // SIGTERM: WildFly stops in order
        }
        for (ProcessHandle process : wildfly.descendants().toList()) {
            process.onExit().join();
        }
        wildfly.waitFor();
        wildfly = null;
    }

    private HttpResponse<byte[]> post() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/tts"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Client threads posting until stopped; what they saw. */
    private final class Load {

        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final ConcurrentMap<String, AtomicLong> answers = new ConcurrentHashMap<>();
        final AtomicLong longestNanos = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch stopped = new CountDownLatch(threads);

        void start() {
            for (int i = 0; i < threads; i++) {
                Thread thread = new Thread(this::run, "campaign-client-" + i);
                thread.setDaemon(true);
                thread.start();
            }
        }

        private void run() {
            try {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    String answer;
                    try {
                        HttpResponse<byte[]> response = post();
                        answer = Integer.toString(response.statusCode());
                        if (response.statusCode() / 100 == 2) {
                            acknowledged.add(response.headers().firstValue("X-Request-Id").orElseThrow());
                        }
                    } catch (IOException e) {
                        answer = "no complete response";
                        pause();
                    } catch (InterruptedException e) {
                        return;
                    }
                    longestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    answers.computeIfAbsent(answer, a -> new AtomicLong()).incrementAndGet();
                }
            } finally {
                stopped.countDown();
            }
        }

        private void pause() {
            try {
                Thread.sleep(50);   // a connection refused while the server restarts: do not spin
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void finish() throws InterruptedException {
            stop.set(true);
            stopped.await();
        }
    }

    private void killCampaign(String durability, int kills) throws Exception {
        this.durability = durability;
        startServer();
        Set<String> before = storedIds();
        Load load = new Load();
        load.start();
        for (int i = 0; i < kills; i++) {
            Thread.sleep(3_000 + (i % 3) * 1_000);   // a few seconds of load between kills
            killServer();
            startServer();
        }
        Thread.sleep(3_000);
        load.finish();
        stopServer();
        startServer();   // writes back what a crash left in the journal, once idle
        report("kill -9 of WildFly " + kills + " times under load, durability " + durability, load, before);
        stopServer();
    }

    private void outageCampaign(String durability, int seconds) throws Exception {
        this.durability = durability;
        startServer();
        Set<String> before = storedIds();
        Load load = new Load();
        load.start();
        Thread.sleep(5_000);
        stopDatabase();
        long stoppedAt = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        startDatabase();
        System.out.printf("  the database was away %.1f s%n", (System.nanoTime() - stoppedAt) / 1e9);
        Thread.sleep(10_000);
        load.finish();
        report("PostgreSQL stopped for " + seconds + " s under load, durability " + durability, load, before);
        stopServer();
    }

    /** Waits for the server's journal to be written back, then compares what clients saw with what is stored. */
    private void report(String campaign, Load load, Set<String> before) throws Exception {
        Set<String> stored = storedIds();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!stored.containsAll(load.acknowledged) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            stored = storedIds();
        }
        stored.removeAll(before);
        Set<String> missing = new HashSet<>(load.acknowledged);
        missing.removeAll(stored);
        Set<String> unacknowledged = new HashSet<>(stored);
        unacknowledged.removeAll(load.acknowledged);
        System.out.println("## " + campaign);
        System.out.printf("  answered 2xx in full: %d; their entries stored: %d; missing: %d%n",
                load.acknowledged.size(), load.acknowledged.size() - missing.size(), missing.size());
        System.out.printf("  entries of requests whose client saw no complete 2xx: %d%n", unacknowledged.size());
        System.out.printf("  daily totals equal the entries: %s%n", dailyTotalsMatch());
        System.out.printf("  answers: %s; longest wait %.1f s%n", new TreeMap<>(load.answers),
                load.longestNanos.get() / 1e9);
    }

    private Set<String> storedIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = dataSource().getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select uuid from sm_usage_entry")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {   // no table before the first deployment
                throw e;
            }
        }
        return ids;
    }

    /** Whether each project's daily request count equals its billed entries of that day: nothing counted twice. */
    private boolean dailyTotalsMatch() throws SQLException {
        String query = """
                select count(*) from (
                    select d.project_id, d.usage_day, d.model, d.num_requests, count(e.uuid) as entries
                    from sm_usage_daily d left join sm_usage_entry e
                      on e.project_id = d.project_id and e.billable and coalesce(e.model, '') = d.model
                     and cast(e.end_time at time zone 'UTC' as date) = d.usage_day
                    group by d.project_id, d.usage_day, d.model, d.num_requests) t
                where t.num_requests <> t.entries""";
        try (Connection connection = dataSource().getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(query)) {
            rows.next();
            return rows.getLong(1) == 0;
        }
    }

    private DataSource dataSource() {
        return database.getPostgresDatabase();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
