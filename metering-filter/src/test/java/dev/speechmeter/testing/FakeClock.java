package dev.speechmeter.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test says so. Starts just before a year ends, where date bugs hide. */
public final class FakeClock implements InstantSource {

    public static final Instant NEAR_NEW_YEAR = Instant.parse("2026-12-31T23:59:58.250Z");

    private final AtomicReference<Instant> now;

    public FakeClock() {
        this(NEAR_NEW_YEAR);
    }

    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Moves to {@code instant}, for a test that starts at an edge of its own. */
    public void set(Instant instant) {
        now.set(instant);
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }
}
