package dev.speechmeter.internal.engine;

import static dev.speechmeter.internal.engine.EngineFixture.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.RateDecision;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.RateStanding;
import dev.speechmeter.testing.FakeClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void aGrantedTokenComesWithBothBucketsAsTheDecisionLeftThem() {
        FakeClock clock = new FakeClock();
        LocalLimitStore store = new LocalLimitStore(clock, 100);
        RateLimit organization = new RateLimit(UUID.randomUUID(), 10);
        RateLimit project = new RateLimit(UUID.randomUUID(), 4);
        store.takeRequest(organization, project);
        store.takeRequest(organization, project);

        RateDecision third = store.takeRequest(organization, project);

        // 10 a minute: one token back every 6 s, so 3 taken are 18 s from full; 4 a minute: one every 15 s.
        assertThat(third.standing(Level.ORGANIZATION)).isEqualTo(new RateStanding(7, 18_000_000_000L));
        assertThat(third.standing(Level.PROJECT)).isEqualTo(new RateStanding(1, 45_000_000_000L));

        clock.advance(Duration.ofSeconds(1));
        RateDecision fourth = store.takeRequest(organization, project);

        assertThat(fourth.standing(Level.ORGANIZATION)).isEqualTo(store.rateStanding(Level.ORGANIZATION, organization));
        assertThat(fourth.standing(Level.PROJECT)).isEqualTo(store.rateStanding(Level.PROJECT, project))
                .isEqualTo(new RateStanding(0, 59_000_000_000L));
    }

    @Test
    void aDecisionAtTwoLevelsReadsTheClockOnce() {
        FakeClock fake = new FakeClock();
        AtomicInteger reads = new AtomicInteger();
        InstantSource counted = () -> {
            reads.incrementAndGet();
            return fake.instant();
        };
        LocalLimitStore store = new LocalLimitStore(counted, 100);
        RateLimit organization = new RateLimit(UUID.randomUUID(), 10);
        RateLimit project = new RateLimit(UUID.randomUUID(), 4);
        store.takeRequest(organization, project);
        reads.set(0);

        RateDecision second = store.takeRequest(organization, project);

        assertThat(second.taken()).isTrue();
        assertThat(reads).hasValue(1);
    }
}
