package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import io.lettuce.core.RedisClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Scripts run by their SHA-1 once Redis knows them: one round trip, no source sent again. */
class ScriptCacheTest {

    @Test
    void aScriptRunOnceIsKnownToRedisByItsDigest() {
        TestRedis redis = TestRedis.started();
        RedisClient client = RedisClient.create(redis.uri());
        try (Node node = Node.onServerTime(redis.settings()).connected(); var connection = client.connect()) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100)));
            for (int i = 0; i < 10; i++) {
                node.admit(caller, Node.NO_POOL);
            }
            assertThat(connection.sync().scriptExists(Script.TAKE_REQUEST.sha())).containsExactly(true);
            String stats = connection.sync().info("commandstats");
            assertThat(stats).contains("cmdstat_evalsha:calls=10,");
            assertThat(stats).contains("cmdstat_eval:calls=1,");
        } finally {
            client.shutdown();
            redis.stop();
        }
    }
}
