package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.StreamTimeouts.Timeout;
import dev.speechmeter.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The three timeouts of a stream, on a clock that starts just before a year ends. */
class StreamTimeoutsTest {

    private static final Duration CONFIGURATION = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(20);
    private static final Duration ONE_MS = Duration.ofMillis(1);

    private final FakeClock clock = new FakeClock();
    private final StreamTimeouts timeouts = new StreamTimeouts(clock, CONFIGURATION, IDLE);

    @Test
    void aStreamWithoutConfigurationTimesOutAtTheConfigurationTimeoutToTheMillisecond() {
        clock.advance(CONFIGURATION.minus(ONE_MS));
        assertThat(timeouts.expired()).isNull();
        assertThat(timeouts.untilNextCheck()).isEqualTo(ONE_MS);

        clock.advance(ONE_MS);

        assertThat(timeouts.expired()).isEqualTo(Timeout.NOT_CONFIGURED);
        assertThat(timeouts.untilNextCheck()).isZero();
    }

    @Test
    void aConfiguredStreamNoLongerHasTheConfigurationTimeout() {
        clock.advanceSeconds(9);
        timeouts.configured(null);

        clock.advanceSeconds(5);

        assertThat(timeouts.expired()).isNull();
        assertThat(timeouts.untilNextCheck()).isEqualTo(IDLE.minusSeconds(5));
    }

    @Test
    void everyMessageStartsTheIdleTimeoutAgain() {
        timeouts.configured(null);
        for (int i = 0; i < 10; i++) {
            clock.advance(IDLE.minus(ONE_MS));
            assertThat(timeouts.expired()).as("quiet for just under the idle timeout").isNull();
            timeouts.heard();
        }

        clock.advance(IDLE.minus(ONE_MS));
        assertThat(timeouts.untilNextCheck()).isEqualTo(ONE_MS);
        clock.advance(ONE_MS);

        assertThat(timeouts.expired()).isEqualTo(Timeout.IDLE);
    }

    @Test
    void aBusyStreamEndsAtItsSessionDeadline() {
        timeouts.configured(clock.instant().plusSeconds(300));
        for (int second = 1; second < 300; second++) {
            clock.advanceSeconds(1);
            timeouts.heard();
            assertThat(timeouts.expired()).isNull();
        }
        assertThat(timeouts.untilNextCheck()).as("the deadline is nearer than the idle timeout")
                .isEqualTo(Duration.ofSeconds(1));

        clock.advanceSeconds(1);

        assertThat(timeouts.expired()).isEqualTo(Timeout.SESSION_OVER);
    }

    @Test
    void theSessionDeadlineIsNamedWhenTheStreamIsAlsoIdle() {
        timeouts.configured(clock.instant().plusSeconds(30));

        clock.advanceSeconds(45);

        assertThat(timeouts.expired()).isEqualTo(Timeout.SESSION_OVER);
    }

    @Test
    void messagesBeforeTheConfigurationDoNotDelayItsTimeout() {
        clock.advanceSeconds(5);
        timeouts.heard();
        clock.advanceSeconds(5);

        assertThat(timeouts.expired()).isEqualTo(Timeout.NOT_CONFIGURED);
    }
}
