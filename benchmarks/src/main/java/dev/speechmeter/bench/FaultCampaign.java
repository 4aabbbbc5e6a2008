package dev.speechmeter.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The sample on WildFly over PostgreSQL, under load, through the faults a production server meets:
 * {@code kill -9} of the server (then a restart), the database stopped and started again, and the
 * Redis a fleet of two servers shares restarted empty. Every request the clients saw answered
 * {@code 2xx} in full must have its usage entry afterwards, once; this counts them. For the Redis
 * part it also counts, from the usage entries, how many transcriptions held a slot at once against
 * the project's limit, before, during and after each restart. Run by
 * {@code benchmarks/scripts/fault-campaign.sh}, which prepares the server directory (the sample
 * deployed, the PostgreSQL driver as a module).
 *
 * <pre>
 * java -cp benchmarks.jar dev.speechmeter.bench.FaultCampaign &lt;server-dir&gt; &lt;kills&gt; &lt;outage-seconds&gt; &lt;threads&gt; [redis-restarts]
 * </pre>
 *
 * A part whose count is 0 is skipped.
 */
public final class FaultCampaign {

    private static final String KEY = "campaign_key_0123456789abcdefghijklmnopqrstuv";
    private static final String BODY = "{\"text\": \"Hello, world\"}";
    private static final Duration READY = Duration.ofMinutes(3);

    /** The demo project's transcription concurrency limit in the Redis part: well below the client threads. */
    private static final int TRANSCRIBE_LIMIT = 4;
    /**
     * The sample works ten times the audio's length: a short file holds its slot a second, and the
     * demo project's hour of transcription a day lasts the whole campaign.
     */
    private static final double PROCESSING_FACTOR = 10;
    /** A transcription that holds its slot a second. */
    private static final Duration SHORT_AUDIO = Duration.ofMillis(100);
    /** A transcription that holds its slot 30 s, through a restart and the renewals after it. */
    private static final Duration LONG_AUDIO = Duration.ofSeconds(3);
    /** One client thread in this many (at least one) posts long files: the first ones, spread over the servers. */
    private static final int LONG_EVERY = 8;
    /** How often a server renews its leases: a third of the default lease of 30 s. */
    private static final Duration RENEWAL = Duration.ofSeconds(10);
    /** Load before the first restart of Redis. */
    private static final Duration STEADY = Duration.ofSeconds(20);
    /** Load after each restart: reconnecting, one renewal period, then time with Redis deciding again. */
    private static final Duration AFTER_RESTART = RENEWAL.plusSeconds(14);
    /**
     * The shortest time a count of transcriptions above the limit is taken to be real. An entry's
     * end is stamped after its slot went back to Redis, a round trip later, so the request that took
     * the slot can start a few milliseconds before the end of the one that gave it back.
     */
    private static final Duration HELD = Duration.ofMillis(100);
    private static final long HELD_MICROS = HELD.toNanos() / 1_000;
    /** A client refused for a limit, or whose connection was refused, waits this long; Retry-After says 1 s. */
    private static final long RETRY_PAUSE_MILLIS = 50;

    private final Path prepared;
    private final int threads;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int databasePort = BenchPostgres.freePort();
    private final Path databaseDirectory;
    private EmbeddedPostgres database;
    private String durability;

    private FaultCampaign(Path prepared, int threads) throws IOException {
        this.prepared = prepared;
        this.threads = threads;
        this.databaseDirectory = Files.createDirectories(prepared.resolveSibling("database"));
    }

    public static void main(String[] args) throws Exception {
        Path server = Path.of(args[0]);
        int kills = Integer.parseInt(args[1]);
        int outageSeconds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int redisRestarts = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int jobKills = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        FaultCampaign campaign = new FaultCampaign(server, threads);
        campaign.configureServer();
        List<Server> fleet = redisRestarts > 0 ? campaign.fleet() : List.of();
        System.out.printf("machine: %d cores, %s; %d client threads%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), threads);
        Server single = campaign.new Server("server", server);
        try {
            campaign.startDatabase();
            if (kills > 0) {
                for (String durability : List.of("sync", "async")) {
                    campaign.killCampaign(single, durability, kills);
                }
            }
            if (outageSeconds > 0) {
                campaign.outageCampaign(single, "sync", outageSeconds);
            }
            if (redisRestarts > 0) {
                campaign.redisCampaign(fleet, redisRestarts);
            }
            if (jobKills > 0) {
                campaign.jobsCampaign(single, jobKills);
            }
        } finally {
            single.stop();
            for (Server node : fleet) {
                node.stop();
            }
            campaign.stopDatabase();
        }
    }

    /** The example datasource on this campaign's PostgreSQL, validating its connections. */
    private void configureServer() throws IOException {
        BenchPostgres.configure(prepared, databasePort);
    }

    /**
     * Two copies of the configured server directory, made before any server ran in it, each to run
     * with its own ports, journal and log.
     */
    private List<Server> fleet() throws IOException {
        List<Server> fleet = new ArrayList<>();
        for (String name : List.of("server-a", "server-b")) {
            Path copy = prepared.resolveSibling(name);
            copyTree(prepared, copy);
            fleet.add(new Server(name, copy));
        }
        return fleet;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private void startDatabase() throws IOException {
        database = BenchPostgres.start(databaseDirectory, databasePort);
    }

    private void stopDatabase() throws IOException {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** The settings of the kill and outage parts: no limit that could refuse a request. */
    private Map<String, String> unlimitedSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("SPEECHMETER_DEMO_KEY", KEY);
        settings.put("SPEECHMETER_USAGE_DURABILITY", durability);
        for (String level : List.of("ORGANIZATION", "PROJECT")) {
            settings.put("SPEECHMETER_LIMITS_" + level + "_REQUESTS_PER_MINUTE", "none");
            settings.put("SPEECHMETER_LIMITS_" + level + "_TTS_CONCURRENT", "none");
        }
        return settings;
    }

    /**
     * The settings of the Redis part: limits shared through {@code redisUri}, Redis's failure policy
     * and lease left at their defaults ({@code local}, 30 s); the project may hold
     * {@value #TRANSCRIBE_LIMIT} transcription slots, the organization any number. The request rate
     * is capped far above what the clients send, so that admissions take the token and the slot in
     * one script, as they do for a rate-limited project, and only the slots refuse.
     */
    private Map<String, String> fleetSettings(String redisUri) {
        Map<String, String> settings = new HashMap<>();
        settings.put("SPEECHMETER_DEMO_KEY", KEY);
        settings.put("SPEECHMETER_USAGE_DURABILITY", durability);
        settings.put("SPEECHMETER_REDIS_URI", redisUri);
        settings.put("SAMPLE_PROCESSING_FACTOR", Double.toString(PROCESSING_FACTOR));
        settings.put("SPEECHMETER_LIMITS_ORGANIZATION_REQUESTS_PER_MINUTE", "none");
        settings.put("SPEECHMETER_LIMITS_PROJECT_REQUESTS_PER_MINUTE", "1000000");
        settings.put("SPEECHMETER_LIMITS_ORGANIZATION_TRANSCRIBE_CONCURRENT", "none");
        settings.put("SPEECHMETER_LIMITS_PROJECT_TRANSCRIBE_CONCURRENT", Integer.toString(TRANSCRIBE_LIMIT));
        return settings;
    }

    /** One WildFly of the campaign: its directory, its own ports, its process. */
    private final class Server {

        final String name;
        final Path directory;
        final int httpPort = freePort();
        final int httpsPort = freePort();
        final int managementPort = freePort();
        private Process process;

        Server(String name, Path directory) {
            this.name = name;
            this.directory = directory;
        }

        /** Starts the server with {@code settings} as environment variables; returns once the sample answers. */
        void start(Map<String, String> settings) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(directory.resolve("bin/standalone.sh").toString(),
                    "-Djboss.http.port=" + httpPort, "-Djboss.https.port=" + httpsPort,
                    "-Djboss.management.http.port=" + managementPort)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("console.log").toFile()));
            builder.environment().putAll(settings);
            process = builder.start();
            long deadline = System.nanoTime() + READY.toNanos();
            while (System.nanoTime() < deadline) {
                if (answers()) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(name + " did not answer within " + READY + "; the end of its console:\n"
                    + consoleTail());
        }

        /** The last lines the server wrote to its console, to say why it did not start. */
        private String consoleTail() {
            try {
                List<String> lines = Files.readAllLines(directory.resolve("console.log"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no console: " + e.getMessage() + ")";
            }
        }

        /**
         * Whether the sample answers a request with the demo key: one that is not metered, so that
         * checking leaves no usage entry that no client of the load saw.
         */
        private boolean answers() throws InterruptedException {
            try {
                return http.send(HttpRequest.newBuilder(uri("/v1/concurrency-limits"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + KEY).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;   // starting
            }
        }

        /** {@code kill -9} of the server's JVM: no shutdown hook, no flush, no goodbye. */
        void kill() throws InterruptedException {
            for (ProcessHandle child : process.descendants().toList()) {
                child.destroyForcibly();
            }
            process.destroyForcibly();
            process.waitFor();
        }

        void stop() throws InterruptedException {
            if (process == null) {
                return;
            }
            for (ProcessHandle child : process.descendants().toList()) {
                child.destroy();   // SIGTERM: WildFly stops in order
            }
            for (ProcessHandle child : process.descendants().toList()) {
                child.onExit().join();
            }
            process.waitFor();
            process = null;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + httpPort + path);
        }

        /** The lines of the server's log that contain {@code text}, with the time each was written. */
        List<LogLine> logged(String text) throws IOException {
            List<LogLine> lines = new ArrayList<>();
            Path log = directory.resolve("standalone/log/server.log");
            if (!Files.exists(log)) {
                return lines;
            }
            for (String line : Files.readAllLines(log)) {
                Matcher stamp = LOG_TIME.matcher(line);
                if (line.contains(text) && stamp.lookingAt()) {
                    Instant at = LocalDateTime.parse(stamp.group(1), LOG_TIME_FORMAT)
                            .atZone(ZoneId.systemDefault()).toInstant();
                    lines.add(new LogLine(at, line));
                }
            }
            return lines;
        }
    }

    private static final Pattern LOG_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) ");
    private static final DateTimeFormatter LOG_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /** A line of a server's log and when it was written. */
    private record LogLine(Instant at, String text) {
    }

    private HttpRequest postTts(Server server) {
        return HttpRequest.newBuilder(server.uri("/tts"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    }

    private HttpRequest postTranscription(Server server, Duration audio) {
        return HttpRequest.newBuilder(server.uri("/v1/transcriptions"))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(silence(audio))).build();
    }

    /** Silence as a WAV file, 8 kHz mono 8-bit PCM: {@code length} of audio in few bytes. */
    private static byte[] silence(Duration length) {
        int samples = Math.toIntExact(length.toMillis() * 8);
        ByteBuffer wav = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(8_000).putInt(8_000)
                .putShort((short) 1).putShort((short) 8)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples);
        while (wav.hasRemaining()) {
            wav.put((byte) 0x80);
        }
        return wav.array();
    }

    /** One try of a client: what it was answered, the id it may count as acknowledged, and whether to pause. */
    private record Outcome(String answer, String acknowledged, boolean pause) {
    }

    /** What a client does once, again and again until stopped. */
    @FunctionalInterface
    private interface Attempt {
        Outcome run() throws IOException, InterruptedException;
    }

    /** An attempt that sends {@code request}: acknowledged by a 2xx read in full, paused after a 429. */
    private Attempt sending(HttpRequest request) {
        return () -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() / 100 == 2;
            return new Outcome(describe(response), ok ? response.headers().firstValue("X-Request-Id").orElseThrow()
                    : null, response.statusCode() == 429);
        };
    }

    /** The status code; for a 429, which kind of limit refused. */
    private static String describe(HttpResponse<String> response) {
        String status = Integer.toString(response.statusCode());
        if (response.statusCode() != 429) {
            return status;
        }
        return status + (response.body().contains("Concurrent transcription limit") ? " concurrency" : " other");
    }

    /** Client threads trying until stopped, thread {@code i} making {@code attempts.apply(i)}; what they saw. */
    private final class Load {

        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final ConcurrentMap<String, AtomicLong> answers = new ConcurrentHashMap<>();
        final AtomicLong longestNanos = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch stopped = new CountDownLatch(threads);
        private final IntFunction<Attempt> attempts;

        Load(IntFunction<Attempt> attempts) {
            this.attempts = attempts;
        }

        void start() {
            for (int i = 0; i < threads; i++) {
                Attempt attempt = attempts.apply(i);
                Thread thread = new Thread(() -> run(attempt), "campaign-client-" + i);
                thread.setDaemon(true);
                thread.start();
            }
        }

        private void run(Attempt attempt) {
            try {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    Outcome outcome;
                    try {
                        outcome = attempt.run();
                    } catch (IOException e) {
                        outcome = new Outcome("no complete response", null, true);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (outcome.acknowledged() != null) {
                        acknowledged.add(outcome.acknowledged());
                    }
                    if (outcome.pause()) {
                        pause();
                    }
                    longestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    answers.computeIfAbsent(outcome.answer(), a -> new AtomicLong()).incrementAndGet();
                }
            } finally {
                stopped.countDown();
            }
        }

        private void pause() {
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);   // refused, or the server restarts: do not spin
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long count(String answer) {
            AtomicLong count = answers.get(answer);
            return count == null ? 0 : count.get();
        }

        void finish() throws InterruptedException {
            stop.set(true);
            stopped.await();
        }
    }

    private void killCampaign(Server server, String durability, int kills) throws Exception {
        this.durability = durability;
        server.start(unlimitedSettings());
        Set<String> before = storedIds();
        Load load = new Load(i -> sending(postTts(server)));
        load.start();
        for (int i = 0; i < kills; i++) {
            Thread.sleep(3_000 + (i % 3) * 1_000);   // a few seconds of load between kills
            server.kill();
            server.start(unlimitedSettings());
        }
        Thread.sleep(3_000);
        load.finish();
        server.stop();
        server.start(unlimitedSettings());   // writes back what a crash left in the journal, once idle
        report("kill -9 of WildFly " + kills + " times under load, durability " + durability, load, before);
        server.stop();
    }

    private void outageCampaign(Server server, String durability, int seconds) throws Exception {
        this.durability = durability;
        server.start(unlimitedSettings());
        Set<String> before = storedIds();
        Load load = new Load(i -> sending(postTts(server)));
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
        server.stop();
    }

    /** When Redis was stopped and when it accepted connections again. */
    private record Restart(Instant stopping, Instant started) {
    }

    /**
     * Two servers sharing one Redis, which is stopped and started again empty on the same port
     * {@code restarts} times under load, 1 to 3 s down each time; clients spread over both servers
     * post transcriptions, most of them holding their slot a second, and one thread in
     * {@value #LONG_EVERY} 30 s, through restarts and renewals.
     */
    private void redisCampaign(List<Server> fleet, int restarts) throws Exception {
        this.durability = "sync";
        try (BenchRedis redis = BenchRedis.start()) {
            for (Server node : fleet) {
                node.start(fleetSettings(redis.uri()));   // one after the other: the first makes the demo project
            }
            Set<String> before = storedIds();
            Load load = new Load(i -> sending(postTranscription(fleet.get(i % fleet.size()),
                    i < Math.max(1, threads / LONG_EVERY) ? LONG_AUDIO : SHORT_AUDIO)));
            Instant began = Instant.now();
            load.start();
            Thread.sleep(STEADY.toMillis());
            List<Restart> restartTimes = new ArrayList<>();
            for (int i = 0; i < restarts; i++) {
                Instant stopping = Instant.now();
                redis.stop();
                Thread.sleep(1_000L + (i % 3) * 1_000L);
                redis.startAgain();
                restartTimes.add(new Restart(stopping, Instant.now()));
                Thread.sleep(AFTER_RESTART.toMillis());
            }
            load.finish();
            Instant ended = Instant.now();
            report("Redis restarted empty " + restarts + " times under load, two servers, durability " + durability,
                    load, before);
            reportConcurrency(fleet, load, restartTimes, began, ended);
            for (Server node : fleet) {
                node.stop();
            }
        }
    }

    /** How long a server's open jobs stay its own in the jobs part: short, so that a crash's are taken over soon. */
    private static final Duration JOB_LEASE = Duration.ofSeconds(6);

    /**
     * Transcription jobs through Soniox's asynchronous API, {@code kill -9} of WildFly under load
     * {@code kills} times: each client uploads a file and creates a job with it, again and again;
     * a job is acknowledged when its client read the whole {@code 201}. After the last restart,
     * once no job is left open, every acknowledged job must have exactly one entry: billed when it
     * completed, a failed request when its server died under it. None missing, none held.
     */
    private void jobsCampaign(Server server, int kills) throws Exception {
        this.durability = "sync";
        Map<String, String> settings = unlimitedSettings();
        settings.put("SPEECHMETER_JOBS_LEASE_SECONDS", Long.toString(JOB_LEASE.toSeconds()));
        settings.put("SPEECHMETER_LIMITS_PROJECT_TRANSCRIBE_CONCURRENT", Integer.toString(TRANSCRIBE_LIMIT));
        settings.put("SPEECHMETER_JOBS_QUEUE_SIZE", "1000");
        settings.put("SAMPLE_PROCESSING_FACTOR", Double.toString(PROCESSING_FACTOR));
        server.start(settings);
        Set<String> before = storedIds();
        Load load = new Load(i -> creatingJob(server));
        load.start();
        for (int i = 0; i < kills; i++) {
            Thread.sleep(3_000 + (i % 3) * 1_000);
            server.kill();
            server.start(settings);
        }
        Thread.sleep(3_000);
        load.finish();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (openJobs() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        Map<String, Integer> statuses = statuses();
        before.forEach(statuses::remove);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        int missing = 0;
        for (String job : load.acknowledged) {
            Integer status = statuses.get(job);
            if (status == null) {
                missing++;
            } else {
                byStatus.merge(status, 1, Integer::sum);
            }
        }
        Set<String> unacknowledged = new HashSet<>(statuses.keySet());
        unacknowledged.removeAll(load.acknowledged);
        System.out.println("## Transcription jobs, kill -9 of WildFly " + kills + " times under load, lease "
                + JOB_LEASE.toSeconds() + " s, durability " + durability);
        System.out.printf("  jobs acknowledged (201 read in full): %d; their entries by status: %s; missing: %d%n",
                load.acknowledged.size(), byStatus, missing);
        System.out.printf("  entries of jobs whose client saw no complete 201: %d%n", unacknowledged.size());
        System.out.printf("  open jobs left: %d; slots held now: %s%n", openJobs(), slotsNow(server));
        System.out.printf("  daily totals equal the entries: %s%n", dailyTotalsMatch());
        System.out.printf("  answers: %s; longest wait %.1f s%n", new TreeMap<>(load.answers),
                load.longestNanos.get() / 1e9);
        server.stop();
    }

    /**
     * A client of the jobs part, once: upload a file, create a job with it; acknowledged by the
     * {@code 201} of the job read in full.
     */
    private Attempt creatingJob(Server server) {
        return () -> {
            HttpResponse<String> upload = http.send(upload(server), HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() != 201) {
                return new Outcome("upload " + upload.statusCode(), null, true);
            }
            HttpResponse<String> created = http.send(createJob(server, fileId(upload.body())),
                    HttpResponse.BodyHandlers.ofString());
            boolean ok = created.statusCode() == 201;
            return new Outcome("create " + created.statusCode(),
                    ok ? created.headers().firstValue("X-Request-Id").orElseThrow() : null, !ok);
        };
    }

    private static HttpRequest upload(Server server) {
        String boundary = "campaign-" + Long.toHexString(System.nanoTime());
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] wav = silence(SHORT_AUDIO);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(head.length + wav.length + tail.length).put(head).put(wav).put(tail);
        return HttpRequest.newBuilder(server.uri("/v1/files")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array())).build();
    }

    private static HttpRequest createJob(Server server, String file) {
        return HttpRequest.newBuilder(server.uri("/v1/transcriptions")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stt-async-sample\",\"file_id\":\"" + file
                        + "\"}")).build();
    }

    private static String fileId(String json) {
        Matcher id = FILE_ID.matcher(json);
        if (!id.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return id.group(1);
    }

    private static final Pattern FILE_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** Open jobs in the database: none once every job has ended or been taken over. */
    private long openJobs() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select count(*) from sm_open_job")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every stored entry's status, by its id. */
    private Map<String, Integer> statuses() throws SQLException {
        Map<String, Integer> statuses = new HashMap<>();
        try (Connection connection = dataSource().getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select uuid, status_code from sm_usage_entry")) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getInt(2));
            }
        }
        return statuses;
    }

    /** The project's slots held now, as {@code /v1/concurrency-limits} says, after the server restarted once more. */
    private String slotsNow(Server server) throws Exception {
        HttpResponse<String> limits = http.send(HttpRequest.newBuilder(server.uri("/v1/concurrency-limits"))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher current = CURRENT.matcher(limits.body());
        return current.find() ? current.group(1) : limits.body();
    }

    private static final Pattern CURRENT = Pattern.compile("\"project\"\\s*:\\s*\\{\"current\"\\s*:\\s*(\\{[^}]*\\})");

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
        Set<String> unacknowledged = billedIds();
        unacknowledged.removeAll(before);
        unacknowledged.removeAll(load.acknowledged);
        System.out.println("## " + campaign);
        System.out.printf("  answered 2xx in full: %d; their entries stored: %d; missing: %d%n",
                load.acknowledged.size(), load.acknowledged.size() - missing.size(), missing.size());
        System.out.printf("  billed entries of requests whose client saw no complete 2xx: %d%n",
                unacknowledged.size());
        System.out.printf("  daily totals equal the entries: %s%n", dailyTotalsMatch());
        System.out.printf("  answers: %s; longest wait %.1f s%n", new TreeMap<>(load.answers),
                load.longestNanos.get() / 1e9);
    }

    /**
     * The highest number of transcriptions that held a slot at once, from their usage entries
     * ({@code [start_time, end_time)} of every entry not refused with 429), over the whole run and
     * in each window around the restarts; and what the servers logged about Redis.
     */
    private void reportConcurrency(List<Server> fleet, Load load, List<Restart> restarts, Instant began,
                                   Instant ended) throws Exception {
        List<Overlaps.Interval> admitted = admittedTranscriptions(began);
        Overlaps overlaps = Overlaps.of(admitted);
        List<Instant> answeredAgain = answeredAgain(fleet, restarts, ended);
        System.out.printf("  project transcription limit %d; Redis policy while unreachable: local (the default), "
                + "lease 30 s, renewed every %d s%n", TRANSCRIBE_LIMIT, RENEWAL.toSeconds());
        for (int i = 0; i < restarts.size(); i++) {
            Restart restart = restarts.get(i);
            System.out.printf("  restart %d: Redis down %.1f s; both servers answered by Redis again %.1f s after "
                    + "it started%n", i + 1, seconds(restart.stopping(), restart.started()),
                    seconds(restart.started(), answeredAgain.get(i)));
        }
        for (Server node : fleet) {
            System.out.printf("  %s logged under load: %d times Redis unreachable, %d times answering again, %d "
                    + "leases restored by renewals, %d renewals failed%n", node.name,
                    during(node.logged("cannot be reached ("), began, ended).size(),
                    during(node.logged("answers again"), began, ended).size(), restoredLeases(node),
                    during(node.logged("could not be renewed"), began, ended).size());
            printOtherOutages(node, restarts, answeredAgain, began, ended);
        }
        long fivexx = load.answers.entrySet().stream().filter(e -> e.getKey().startsWith("5"))
                .mapToLong(e -> e.getValue().get()).sum();
        System.out.printf("  clients: %d answered 2xx, %d refused 429 for concurrency, %d other 429, %d 5xx, "
                + "%d without a complete response%n", load.acknowledged.size(), load.count("429 concurrency"),
                load.count("429 other"), fivexx, load.count("no complete response"));
        System.out.printf("  entries of admitted transcriptions: %d%n", admitted.size());
        System.out.printf("  | window | length | admitted in it | highest concurrency (held %d ms) | momentary "
                + "highest | time above the limit | admissions while above it |%n", HELD.toMillis());
        for (Window window : windows(restarts, answeredAgain, began, ended)) {
            printWindow(window, overlaps, admitted);
        }
    }

    /** The [start, end) of every transcription admitted since {@code since}: each entry not refused with 429. */
    private List<Overlaps.Interval> admittedTranscriptions(Instant since) throws SQLException {
        List<Overlaps.Interval> intervals = new ArrayList<>();
        String query = "select start_time, end_time from sm_usage_entry where request_scope = 'transcribe_async' "
                + "and status_code <> 429 and start_time >= ?";
        try (Connection connection = dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(query)) {
            select.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    intervals.add(new Overlaps.Interval(micros(rows.getObject(1, OffsetDateTime.class).toInstant()),
                            micros(rows.getObject(2, OffsetDateTime.class).toInstant())));
                }
            }
        }
        return intervals;
    }

    /**
     * For each restart, when the last of the servers logged that Redis answers again: its first
     * such line after Redis was stopped. Until then that server decides on its own.
     */
    private static List<Instant> answeredAgain(List<Server> fleet, List<Restart> restarts, Instant ended)
            throws IOException {
        List<Instant> answered = new ArrayList<>();
        for (int i = 0; i < restarts.size(); i++) {
            Instant from = restarts.get(i).stopping();
            Instant to = i + 1 < restarts.size() ? restarts.get(i + 1).stopping() : ended;
            Instant last = restarts.get(i).started();
            for (Server node : fleet) {
                Optional<Instant> first = node.logged("answers again").stream().map(LogLine::at)
                        .filter(at -> !at.isBefore(from) && at.isBefore(to)).min(Instant::compareTo);
                if (first.isEmpty()) {
                    System.out.printf("  %s logged no 'answers again' after restart %d; counted from Redis's start%n",
                            node.name, i + 1);
                } else if (first.get().isAfter(last)) {
                    last = first.get();
                }
            }
            answered.add(last);
        }
        return answered;
    }

    private static List<LogLine> during(List<LogLine> lines, Instant began, Instant ended) {
        return lines.stream().filter(line -> !line.at().isBefore(began) && !line.at().isAfter(ended)).toList();
    }

    /**
     * The times under load a server found Redis unreachable outside a restart (between the stop and
     * the moment both servers answered again), with the reason it logged: a command that timed
     * out on a loaded machine, for one. The server then decided on its own.
     */
    private static void printOtherOutages(Server node, List<Restart> restarts, List<Instant> answeredAgain,
                                          Instant began, Instant ended) throws IOException {
        Pattern reason = Pattern.compile("cannot be reached \\((.*)\\); ");
        for (LogLine line : during(node.logged("cannot be reached ("), began, ended)) {
            boolean inRestart = false;
            for (int i = 0; i < restarts.size(); i++) {
                inRestart |= !line.at().isBefore(restarts.get(i).stopping()) && !line.at().isAfter(answeredAgain.get(i));
            }
            Matcher why = reason.matcher(line.text());
            if (!inRestart) {
                System.out.printf("    also unreachable %.1f s into the load, outside a restart: %s%n",
                        seconds(began, line.at()), why.find() ? why.group(1) : line.text());
            }
        }
    }

    /** The leases a server's renewals put back after Redis lost them, from its log. */
    private static long restoredLeases(Server node) throws IOException {
        Pattern restored = Pattern.compile("restored (\\d+),");
        long sum = 0;
        for (LogLine line : node.logged("Redis had lost slot leases")) {
            Matcher count = restored.matcher(line.text());
            if (count.find()) {
                sum += Long.parseLong(count.group(1));
            }
        }
        return sum;
    }

    /** A named set of spans of time, {@code [from, to)} in microseconds. */
    private record Window(String name, List<long[]> spans) {
    }

    /**
     * The run cut around each restart: before the first; Redis stopped; Redis back, until a renewal
     * period after both servers answered again (when each has renewed, so that slots Redis lost
     * count again); from then until the next restart; and the whole run.
     */
    private static List<Window> windows(List<Restart> restarts, List<Instant> answeredAgain, Instant began,
                                        Instant ended) {
        List<long[]> down = new ArrayList<>();
        List<long[]> restoring = new ArrayList<>();
        List<long[]> restored = new ArrayList<>();
        for (int i = 0; i < restarts.size(); i++) {
            Restart restart = restarts.get(i);
            Instant renewed = answeredAgain.get(i).plus(RENEWAL);
            Instant next = i + 1 < restarts.size() ? restarts.get(i + 1).stopping() : ended;
            down.add(span(restart.stopping(), restart.started()));
            restoring.add(span(restart.started(), renewed));
            restored.add(span(renewed, next));
        }
        return List.of(
                new Window("steady, before the first restart", List.of(span(began, restarts.get(0).stopping()))),
                new Window("Redis stopped", down),
                new Window("Redis back, until one renewal period after both servers answered again", restoring),
                new Window("from then until the next restart (or the end)", restored),
                new Window("whole run", List.of(span(began, ended))));
    }

    /**
     * One row of the table: how long the window lasted, how many transcriptions were admitted in
     * it, the most that held a slot at once for at least {@link #HELD} and at any moment, how long
     * more than the limit held one (for at least {@link #HELD} at a time), and how many admissions
     * came while they did.
     */
    private static void printWindow(Window window, Overlaps overlaps, List<Overlaps.Interval> admitted) {
        List<Overlaps.Interval> overLimit = overlaps.above(TRANSCRIBE_LIMIT, HELD_MICROS);
        long length = 0;
        int momentary = 0;
        for (long[] span : window.spans()) {
            length += span[1] - span[0];
            momentary = Math.max(momentary, overlaps.highest(span[0], span[1]));
        }
        int held = 0;
        for (int count = 1; count <= momentary; count++) {
            if (!within(overlaps.above(count - 1, HELD_MICROS), window).isEmpty()) {
                held = count;
            }
        }
        long above = within(overLimit, window).stream().mapToLong(run -> run.end() - run.start()).sum();
        long admissions = admitted.stream().filter(interval -> contains(window, interval.start())).count();
        long overAdmissions = admitted.stream().filter(interval -> contains(window, interval.start())
                && overLimit.stream().anyMatch(run -> run.start() <= interval.start() && interval.start() < run.end()))
                .count();
        System.out.printf("  | %s | %.1f s | %d | %d | %d | %.1f s | %d |%n", window.name(), length / 1e6, admissions,
                held, momentary, above / 1e6, overAdmissions);
    }

    /** The parts of {@code runs} inside the window. */
    private static List<Overlaps.Interval> within(List<Overlaps.Interval> runs, Window window) {
        List<Overlaps.Interval> parts = new ArrayList<>();
        for (Overlaps.Interval run : runs) {
            for (long[] span : window.spans()) {
                long from = Math.max(run.start(), span[0]);
                long to = Math.min(run.end(), span[1]);
                if (from < to) {
                    parts.add(new Overlaps.Interval(from, to));
                }
            }
        }
        return parts;
    }

    private static boolean contains(Window window, long time) {
        return window.spans().stream().anyMatch(span -> span[0] <= time && time < span[1]);
    }

    private static long[] span(Instant from, Instant to) {
        return new long[] {micros(from), micros(to)};
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1e3;
    }

    private Set<String> storedIds() throws SQLException {
        return ids("select uuid from sm_usage_entry");
    }

    /** The entries of requests answered 2xx: those a client pays for. */
    private Set<String> billedIds() throws SQLException {
        return ids("select uuid from sm_usage_entry where billable");
    }

    private Set<String> ids(String query) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = dataSource().getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(query)) {
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
