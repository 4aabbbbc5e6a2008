package dev.speechmeter.internal.engine;

import static dev.speechmeter.internal.engine.EngineFixture.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What only the in-memory store promises: it forgets what it no longer needs. */
class LocalLimitStoreTest {

    private final EngineFixture fixture = new EngineFixture(MeteringConfig.defaults(),
            (clock, config) -> new LocalLimitStore(clock, config.limiterCacheSize()));

    @Test
    void idleBucketsAreForgottenOnceTheyWouldBeFullAgain() {
        LocalLimitStore store = (LocalLimitStore) fixture.engine.limitStore();
        for (int i = 0; i < 100; i++) {
            fixture.admit(fixture.caller(rpm(10), rpm(10)));
        }
        assertThat(store.buckets()).isEqualTo(200);

        fixture.clock.advance(Duration.ofSeconds(62));

        assertThat(store.buckets()).isZero();
    }

    @Test
    void slotCountersAreDroppedOnceEverySlotIsBack() {
        LocalLimitStore store = (LocalLimitStore) fixture.engine.limitStore();
        var caller = fixture.caller(rpm(10), rpm(10));
        Admission first = fixture.admit(caller, EngineFixture.TRANSCRIBE);
        Admission second = fixture.admit(caller, EngineFixture.TTS);
        assertThat(store.heldSlotEntries()).isEqualTo(4);

        EngineFixture.ok(first);
        EngineFixture.ok(second);
        EngineFixture.ok(second);

        assertThat(store.heldSlotEntries()).isZero();
    }
}
