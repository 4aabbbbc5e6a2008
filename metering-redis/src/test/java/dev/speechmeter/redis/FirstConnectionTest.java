package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The first connection to Redis: opened when the store is made, not by the first request, and
 * made later by itself for a server that started while Redis was down.
 */
class FirstConnectionTest {

    /** A bound for a connection to be made, long enough for a loaded machine; met in milliseconds otherwise. */
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void theConnectionIsOpenedWhenTheStoreIsMadeBeforeAnyRequest() {
        TestRedis redis = TestRedis.started();
        RedisClient client = RedisClient.create(redis.uri());
        try (var observer = client.connect()) {
            RedisCommands<String, String> commands = observer.sync();
            long before = clients(commands);

            try (Node node = Node.onServerTime(redis.settings())) {
                assertThat(Eventually.within(WITHIN, () -> clients(commands) > before))
                        .as("a connection of the new store, no command sent").isTrue();
                assertThat(node.store.heldLeases()).isZero();
            }
        } finally {
            client.shutdown();
            redis.stop();
        }
    }

    @Test
    void aServerStartedWhileRedisIsDownDecidesAloneAtOnceThenSharesOnceRedisIsUp() {
        TestRedis redis = TestRedis.started();
        redis.stop();
        RedisSettings settings = redis.settings();
        try (Node node = Node.onServerTime(settings)) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(1_000)));
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                admitAndSettle(node, caller);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(node.store.fallbacks()).isEqualTo(5);
            // A refused connection is known at once: the five answers together take less than the
            // one command timeout a single answer would wait if it waited for Redis.
            assertThat(took).as("five answers, none waiting for the command timeout")
                    .isLessThan(settings.commandTimeout());

            redis.start();
            assertThat(Eventually.within(WITHIN, () -> {
                node.engine.concurrency(caller);
                return node.store.redisReachable();
            })).as("connected without a restart").isTrue();
            long fallbacks = node.store.fallbacks();
            admitAndSettle(node, caller);
            assertThat(node.store.fallbacks()).as("decided by Redis").isEqualTo(fallbacks);
        } finally {
            redis.stop();
        }
    }

    private static void admitAndSettle(Node node, Caller caller) {
        Admission admission = node.admit(caller, Node.NO_POOL);
        assertThat(admission.admitted()).isTrue();
        admission.settle(200, Usage.NONE, null);
    }

    /** Connected clients as Redis counts them. */
    private static long clients(RedisCommands<String, String> commands) {
        return commands.clientList().lines().filter(line -> !line.isBlank()).count();
    }
}
