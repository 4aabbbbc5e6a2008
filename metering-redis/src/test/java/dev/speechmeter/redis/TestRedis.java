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
 */
public final class TestRedis {

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
        TestRedis redis = new TestRedis(freePort());
        redis.start();
        return redis;
    }

    public synchronized void start() {
        try {
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Settings with a short command timeout, so a test of an outage is quick. */
    public RedisSettings settings() {
        return RedisSettings.of(uri()).withTimeout(Duration.ofMillis(500));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
