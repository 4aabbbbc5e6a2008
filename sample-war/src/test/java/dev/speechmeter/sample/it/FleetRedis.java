package dev.speechmeter.sample.it;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * The Redis that the servers of the fleet test share, on 127.0.0.1 at the {@code it.redis.port}
 * their configuration names (arquillian-fleet.xml). Registered before the Arquillian extension, so
 * it runs before anything is deployed; a server connects to it on its first metered request.
 */
final class FleetRedis implements BeforeAllCallback, AfterAllCallback {

    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        int port = Integer.parseInt(System.getProperty("it.redis.port"));
        server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.stop();
        }
    }
}
