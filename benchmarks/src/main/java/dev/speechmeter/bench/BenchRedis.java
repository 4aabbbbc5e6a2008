package dev.speechmeter.bench;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A Redis server for one benchmark run, started from the binary the embedded-redis jar ships, on a
 * free port of 127.0.0.1, without persistence. It can be stopped and started again on the same
 * port, as a Redis restarts in production: empty.
 *
 * <pre>{@code
 * try (BenchRedis redis = BenchRedis.start()) {
 *     RedisClient client = RedisClient.create(redis.uri());
 *     redis.stop();
 *     redis.startAgain();   // same URI, no keys
 * }
 * }</pre>
 */
final class BenchRedis implements AutoCloseable {

    private final RedisServer server;
    private final String uri;

    private BenchRedis(RedisServer server, int port) {
        this.server = server;
        this.uri = "redis://127.0.0.1:" + port;
    }

    static BenchRedis start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        server.start();
        return new BenchRedis(server, port);
    }

    String uri() {
        return uri;
    }

    /** Stops the server (and waits for its process to end); nothing is saved. */
    void stop() throws IOException {
        server.stop();
    }

    /** Starts the stopped server again on the same port, empty; returns once it accepts connections. */
    void startAgain() throws IOException {
        server.start();
    }

    /** Stops the server if it runs. */
    @Override
    public void close() throws IOException {
        server.stop();
    }
}
