package dev.speechmeter.bench;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A Redis server for one benchmark run, started from the binary the embedded-redis jar ships, on a
 * free port of 127.0.0.1, without persistence.
 *
 * <pre>{@code
 * try (BenchRedis redis = BenchRedis.start()) {
 *     RedisClient client = RedisClient.create(redis.uri());
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

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
