package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.engine.Admission;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The first connection to Redis: opened when the store is made, not by the first request, and
 * made later by itself for a server that started while Redis was down.
 */
class FirstConnectionTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void theConnectionIsOpenedWhenTheStoreIsMadeBeforeAnyRequest() {
        TestRedis redis = TestRedis.started();
        RedisClient client = RedisClient.create(redis.uri());
        try (var observer = client.connect()) {
            RedisCommands<String, String> commands = observer.sync();
            long before = clients(commands);

            try (Node node = Node.onServerTime(redis.settings())) {
                assertThat(eventually(() -> clients(commands) > before))
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
        try (Node node = Node.onServerTime(redis.settings())) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(1_000)));
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                admitAndSettle(node, caller);
            }
            long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertThat(node.store.fallbacks()).isEqualTo(5);
            assertThat(tookMillis).as("five answers, none waiting beyond the command timeout")
                    .isLessThan(5 * redis.settings().commandTimeout().toMillis());

            redis.start();
            assertThat(eventually(() -> {
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

    /** Whether {@code condition} came true within {@link #WITHIN}, polled without pause: it waits on the network, not on time. */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
