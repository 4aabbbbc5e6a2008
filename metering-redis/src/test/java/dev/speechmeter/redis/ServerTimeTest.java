package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.engine.Rejection;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without a clock of its own, the store goes by Redis's. */
class ServerTimeTest {

    @Test
    void bucketsRefillOnRedisTime() {
        try (Node node = Node.onServerTime(TestRedis.shared().settings())) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(3)));
            for (int i = 0; i < 3; i++) {
                assertThat(node.admit(caller, Node.NO_POOL).admitted()).isTrue();
            }
            Rejection rejection = node.admit(caller, Node.NO_POOL).rejection();

            assertThat(rejection.retryAfter()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
            assertThat(node.store.fallbacks()).isZero();
        }
    }

    @Test
    void nowIsRedisTime() {
        try (Node node = Node.onServerTime(TestRedis.shared().settings())) {
            // Redis runs on this machine: its clock and this JVM's agree within the test's run.
            assertThat(Duration.between(Instant.now(), node.store.now()).abs()).isLessThan(Duration.ofSeconds(2));
            assertThat(node.store.redisReachable()).isTrue();
        }
    }
}
