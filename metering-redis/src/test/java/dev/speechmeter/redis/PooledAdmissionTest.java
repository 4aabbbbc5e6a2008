package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.ConcurrencyReport;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An admission to an endpoint with a pool is one script: one round trip for its token and its slot;
 * a concurrency report of every pool at both levels is one script too.
 */
class PooledAdmissionTest {

    private static final Pattern EVALSHA_CALLS = Pattern.compile("cmdstat_evalsha:calls=(\\d+),");
    private static final Limits RATE_AND_POOL = Limits.none()
            .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100))
            .with(Limits.concurrent("transcribe"), Cap.atMost(1));

    private final TestRedis redis = TestRedis.started();
    private final RedisClient client = RedisClient.create(redis.uri());

    @AfterEach
    void stop() {
        client.shutdown();
        redis.stop();
    }

    @Test
    void anAdmittedOrARefusedPooledAdmissionIsOneScriptCall() {
        try (Node node = Node.onServerTime(redis.settings()).connected(); var connection = client.connect()) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), RATE_AND_POOL,
                    RATE_AND_POOL);
            node.admit(caller, Node.TRANSCRIBE).settle(200, Usage.NONE, null);
            RedisCommands<String, String> commands = connection.sync();

            long before = evalshaCalls(commands);
            Admission admitted = node.admit(caller, Node.TRANSCRIBE);
            long afterAdmitted = evalshaCalls(commands);
            Admission refused = node.admit(caller, Node.TRANSCRIBE);
            long afterRefused = evalshaCalls(commands);

            assertThat(admitted.admitted()).isTrue();
            assertThat(afterAdmitted - before).as("script calls of an admission").isEqualTo(1);
            assertThat(refused.admitted()).as("the pool's one slot is held").isFalse();
            assertThat(afterRefused - afterAdmitted).as("script calls of a refusal").isEqualTo(1);
            assertThat(commands.scriptExists(Script.ADMIT.sha())).containsExactly(true);
            admitted.settle(200, Usage.NONE, null);
        }
    }

    @Test
    void aConcurrencyReportOfEveryPoolAtBothLevelsIsOneScriptCall() {
        try (Node node = Node.onServerTime(redis.settings()).connected(); var connection = client.connect()) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), RATE_AND_POOL,
                    RATE_AND_POOL);
            Admission held = node.admit(caller, Node.TRANSCRIBE);
            RedisCommands<String, String> commands = connection.sync();

            long before = evalshaCalls(commands);
            ConcurrencyReport report = node.engine.concurrency(caller);
            long after = evalshaCalls(commands);

            assertThat(after - before).as("script calls of a report of " + report).isEqualTo(1);
            assertThat(report.organization().current()).containsEntry("transcribe_concurrent", 1)
                    .containsEntry("tts_concurrent", 0);
            assertThat(report.project().current()).containsEntry("transcribe_concurrent", 1)
                    .containsEntry("tts_concurrent", 0);
            held.settle(200, Usage.NONE, null);
        }
    }

    private static long evalshaCalls(RedisCommands<String, String> commands) {
        Matcher matcher = EVALSHA_CALLS.matcher(commands.info("commandstats"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
