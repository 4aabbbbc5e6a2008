package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One reading of the clock, held by the thread that took it and by no other. */
class HeldTimeTest {

    private final FakeClock clock = new FakeClock();
    private final HeldTime time = new HeldTime(clock);

    @Test
    void aHoldKeepsItsReadingWhileTheClockMovesAndReleasingFollowsTheClockAgain() {
        long start = Clocks.nanos(clock);
        long[] held = time.hold();
        clock.advance(Duration.ofSeconds(5));

        assertThat(time.currentTimeNanos()).isEqualTo(start);
        assertThat(time.read()).isEqualTo(start);

        HeldTime.release(held);

        assertThat(time.currentTimeNanos()).isEqualTo(start + Duration.ofSeconds(5).toNanos());
        assertThat(time.read()).isEqualTo(start + Duration.ofSeconds(5).toNanos());
    }

    @Test
    void anotherThreadReadsTheClockWhileThisOneHolds() {
        long[] held = time.hold();
        clock.advance(Duration.ofSeconds(3));
        try {
            long elsewhere = CompletableFuture.supplyAsync(time::currentTimeNanos).join();

            assertThat(elsewhere).isEqualTo(Clocks.nanos(clock));
            assertThat(time.currentTimeNanos()).isEqualTo(Clocks.nanos(clock) - Duration.ofSeconds(3).toNanos());
        } finally {
            HeldTime.release(held);
        }
    }

    @Test
    void aNewHoldTakesANewReading() {
        HeldTime.release(time.hold());
        clock.advance(Duration.ofMillis(250));

        long[] held = time.hold();
        try {
            assertThat(time.currentTimeNanos()).isEqualTo(Clocks.nanos(clock));
        } finally {
            HeldTime.release(held);
        }
    }
}
