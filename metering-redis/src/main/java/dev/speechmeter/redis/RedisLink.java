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
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * One connection to Redis, shared by every thread of the server (Lettuce pipelines their
 * commands on it), that fails fast: commands are refused at once while the connection is down
 * and time out after the configured wait, while Lettuce reconnects in the background.
 *
 * <p>The first connection is opened in the background as soon as the link is made, with a
 * connect timeout of its own ({@link #CONNECT_TIMEOUT} at least), so a server that starts under
 * load still connects; a command that arrives meanwhile waits for it at most the command timeout.
 */
final class RedisLink implements AutoCloseable {

    /** The least time a connection attempt is given, however short the command timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** Between two attempts to make the first connection, requests do not wait for a connect. */
    private static final long RECONNECT_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private volatile StatefulRedisConnection<String, String> connection;
    private CompletableFuture<StatefulRedisConnection<String, String>> attempt;
    private long nextConnectNanos = System.nanoTime();
    private volatile LongConsumer roundTrips = nanos -> { };

    RedisLink(RedisSettings settings) {
        this.uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        this.timeout = settings.commandTimeout();
        this.client = RedisClient.create(uri);
        Duration connectTimeout = settings.commandTimeout().compareTo(CONNECT_TIMEOUT) > 0
                ? settings.commandTimeout() : CONNECT_TIMEOUT;
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
                .build());
        connecting();
    }

    /** Runs {@code script}, loading it first when the server does not know it (a restarted Redis). */
    @SuppressWarnings("unchecked")
    <T> T run(Script script, ScriptOutputType type, String[] keys, String... args) {
        RedisCommands<String, String> commands = commands();
        long start = System.nanoTime();
        T answer;
        try {
            answer = (T) commands.evalsha(script.sha(), type, keys, args);
        } catch (RedisNoScriptException e) {
            answer = (T) commands.eval(script.source(), type, keys, args);
        }
        roundTrips.accept(System.nanoTime() - start);
        return answer;
    }

    /**
     * Sends {@code script} without waiting for its answer. Commands on the link run in the order
     * they are sent, so a command sent after this one runs after it; to keep that order the script
     * is sent whole ({@code EVAL}), not by its digest, which a Redis that lost its scripts would
     * refuse and have sent again, after what followed.
     */
    CompletionStage<Object> runAsync(Script script, ScriptOutputType type, String[] keys, String... args) {
        return connection().async().eval(script.source(), type, keys, args);
    }

    /** The server's time, in microseconds since the epoch. */
    long serverMicros() {
        RedisCommands<String, String> commands = commands();
        long start = System.nanoTime();
        var time = commands.time();
        roundTrips.accept(System.nanoTime() - start);
        return Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1));
    }

    /** Asks Redis for an answer, within the command timeout. */
    void ping() {
        commands().ping();
    }

    /** Tells {@code nanos} how long each command that Redis answered took, from sending it to its answer. */
    void timeRoundTrips(LongConsumer nanos) {
        this.roundTrips = nanos;
    }

    private RedisCommands<String, String> commands() {
        return connection().sync();
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> pending = connecting();
        if (pending == null) {
            throw new RedisConnectionException("not connected to Redis yet");
        }
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisConnectionException("not connected to Redis yet");
        } catch (ExecutionException e) {
            throw new RedisConnectionException("cannot connect to Redis: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisConnectionException("interrupted while connecting to Redis", e);
        }
    }

    /**
     * The attempt to make the first connection: the one under way, or a new one; null when the
     * last one failed less than a second ago. Once made, the connection reconnects by itself.
     */
    private synchronized CompletableFuture<StatefulRedisConnection<String, String>> connecting() {
        if (attempt != null && (!attempt.isDone() || !attempt.isCompletedExceptionally())) {
            // Under way, or made: a caller that saw no connection a moment ago gets the one just made.
            return attempt;
        }
        long now = System.nanoTime();
        if (attempt != null && now - nextConnectNanos < 0) {
            return null;
        }
        nextConnectNanos = now + RECONNECT_PAUSE_NANOS;
        attempt = client.connectAsync(StringCodec.UTF8, uri)
                .toCompletableFuture()
                .thenApply(made -> {
                    made.setTimeout(timeout);
                    connection = made;
                    return made;
                });
        return attempt;
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current;
        synchronized (this) {
            current = connection;
            if (current == null && attempt != null) {
                // The attempt completes on a Netty thread: closing there must not wait, or it waits
                // for that very thread, and so does the client's shutdown below.
                attempt.thenAccept(StatefulRedisConnection::closeAsync);
            }
        }
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
