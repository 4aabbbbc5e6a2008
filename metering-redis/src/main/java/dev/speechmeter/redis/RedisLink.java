package dev.speechmeter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * One connection to Redis, shared by every thread of the server (Lettuce pipelines their
 * commands on it), that fails fast: commands are refused at once while the connection is down
 * and time out after the configured wait, while Lettuce reconnects in the background.
 */
final class RedisLink implements AutoCloseable {

    /** Between two attempts to make the first connection, requests do not wait for a connect. */
    private static final long RECONNECT_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private final Duration timeout;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long nextConnectNanos = System.nanoTime();

    RedisLink(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        this.timeout = settings.commandTimeout();
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .build());
    }

    /** Runs {@code script}, loading it first when the server does not know it (a restarted Redis). */
    @SuppressWarnings("unchecked")
    <T> T run(Script script, ScriptOutputType type, String[] keys, String... args) {
        RedisCommands<String, String> commands = commands();
        try {
            return (T) commands.evalsha(script.sha(), type, keys, args);
        } catch (RedisNoScriptException e) {
            return (T) commands.eval(script.source(), type, keys, args);
        }
    }

    /** The server's time, in microseconds since the epoch. */
    long serverMicros() {
        var time = commands().time();
        return Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1));
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            current = connect();
        }
        return current.sync();
    }

    /**
     * Connected on first use, so a server starts while Redis is down; once made, the connection
     * reconnects by itself. While no connection was ever made, it is tried at most once a second,
     * and callers meanwhile fail at once; callers that arrive during an attempt wait for it, at most
     * the connect timeout.
     */
    private synchronized StatefulRedisConnection<String, String> connect() {
        if (connection != null) {
            return connection;
        }
        long now = System.nanoTime();
        if (now - nextConnectNanos < 0) {
            throw new RedisConnectionException("not connected to Redis yet");
        }
        nextConnectNanos = now + RECONNECT_PAUSE_NANOS;
        StatefulRedisConnection<String, String> made = client.connect();
        made.setTimeout(timeout);
        connection = made;
        return made;
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
