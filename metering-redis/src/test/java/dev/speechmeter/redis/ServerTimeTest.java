package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without a clock of its own, the store goes by Redis's. */
class ServerTimeTest {

    @Test
    void bucketsRefillOnRedisTime() {
        try (Node node = Node.onServerTime(TestRedis.shared().settings()).connected()) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(3)));
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThat(node.admit(caller, Node.NO_POOL).admitted()).isTrue();
            }
            Rejection rejection = node.admit(caller, Node.NO_POOL).rejection();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // A token comes back every 20 s, counted from the first admission on Redis's clock; what
            // has refilled since is at most what this JVM saw pass around the four calls (and a
            // millisecond for the two clocks' granularity).
            Duration refill = Duration.ofSeconds(20);
            assertThat(rejection.retryAfter()).isBetween(refill.minus(took).minusMillis(1), refill);
            assertThat(node.store.fallbacks()).isZero();
        }
    }

    @Test
    void nowIsRedisTime() {
        try (Node node = Node.onServerTime(TestRedis.shared().settings()).connected()) {
            // Redis runs on this machine and reads the same system clock as this JVM, so its time lies
            // between a reading taken before the question and one taken after the answer, however
            // long the round trip (Redis answers in microseconds, hence the truncation).
            Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Instant redisNow = node.store.now();
            Instant after = Instant.now();

            assertThat(node.store.redisReachable()).as("the time is Redis's, not this JVM's fallback").isTrue();
            assertThat(redisNow).isBetween(before, after);
        }
    }
}
