package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.LogCapture;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The start-up line of a deployment whose limits are in Redis names Redis, never its password. */
class RedisStartupLineTest {

    private static final String PASSWORD = "r3dis-Pa55word-0f-the-fleet";

    @Test
    void theLineNamesRedisWithoutItsPassword() {
        FakeClock clock = new FakeClock();
        // Nothing listens on port 1: the store is made, its first connection fails in the background.
        RedisSettings settings = RedisSettings.of("redis://default:" + PASSWORD + "@127.0.0.1:1/0")
                .withFailurePolicy(FailurePolicy.REFUSE);
        try (RedisLimitStore store = RedisLimitStore.onClock(settings, clock, TestRedis.RENEWALS,
                new LocalLimitStore(clock, 1_000));
             LogCapture log = LogCapture.of(MeteringRuntime.class)) {
            MeteringRuntime runtime = MeteringRuntime.builder(MeteringConfig.defaults()).keys(new MapKeyDirectory())
                    .ledger(new RecordingLedger()).limits(store).clock(clock).build();

            runtime.announce(List.of("/v1/transcriptions (transcribe_async pool=transcribe method=sync)"));

            assertThat(log.records()).singleElement().extracting(LogRecord::getMessage).asString()
                    .contains("limits kept: Redis at redis://***@127.0.0.1:1/0 (when unreachable: refuse; "
                            + "concurrency history: fleet)")
                    .doesNotContain(PASSWORD)
                    .doesNotContain("default:");
        }
    }
}
