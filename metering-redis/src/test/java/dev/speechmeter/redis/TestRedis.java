package dev.speechmeter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import redis.embedded.RedisServer;

/**
 * A real Redis server for the tests, started from the binary the embedded-redis artifact ships,
 * on a free port of 127.0.0.1, without persistence.
 *
 * <p>Redis cannot be told to take a port the system chooses ({@code port 0} turns TCP off), so a
 * port is found free and then bound by the server; another build can take it in between, and
 * then the server starts again on another port, a few times at most.
 */
public final class TestRedis {

    /**
     * Long enough that a loaded machine answers late rather than not at all: a command that timed
     * out would be decided without Redis and change the counts a test asserts.
     */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private static final int START_ATTEMPTS = 5;

    private static TestRedis shared;

    /** Renews the leases of every store the tests make. */
    public static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    private final int port;
    private RedisServer server;

    private TestRedis(int port) {
        this.port = port;
    }

    /** One server for every test class that does not stop it. */
    public static synchronized TestRedis shared() {
        if (shared == null) {
            shared = started();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A server of its own, for a test that stops and starts it. */
    public static TestRedis started() {
        IOException failure = new IOException("Redis did not start in " + START_ATTEMPTS + " attempts");
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            TestRedis redis = new TestRedis(freePort());
            try {
                redis.tryStart();
                return redis;
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        throw new UncheckedIOException(failure);
    }

    /** Starts the server again on its port, where its clients look for it. */
    public synchronized void start() {
        try {
            tryStart();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when the server exits at start, as it does when its port was taken meanwhile. */
    private synchronized void tryStart() throws IOException {
        server = null;
        RedisServer starting = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        starting.start();
        server = starting;
    }

    public synchronized void stop() {
        try {
            if (server != null) {
                server.stop();
                server = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Settings with a {@linkplain #COMMAND_TIMEOUT generous} command timeout. */
    public RedisSettings settings() {
        return RedisSettings.of(uri()).withTimeout(COMMAND_TIMEOUT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
