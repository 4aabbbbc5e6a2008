package dev.speechmeter.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * When a stream must be closed, read from the injected clock: a stream that sends no
 * configuration in time, a configured stream that goes quiet for too long, and a stream that
 * outlives its temporary key's longest session. Plain Java with no threads: the
 * adapter asks {@link #expired()} when {@link #untilNextCheck()} has passed.
 *
 * <pre>{@code
 * StreamTimeouts timeouts = new StreamTimeouts(clock, Duration.ofSeconds(10), Duration.ofSeconds(20));
 * // the configuration message admitted the stream
 * timeouts.configured(admission.sessionDeadline());
 * // every message that arrives
 * timeouts.heard();
 * // on a timer, after timeouts.untilNextCheck()
 * StreamTimeouts.Timeout timeout = timeouts.expired();   // null: not yet
 * }</pre>
 */
public final class StreamTimeouts {

    /** Why a stream is over before its client ended it. */
    public enum Timeout {
        /** No configuration message came in time; the stream held nothing. */
        NOT_CONFIGURED("No configuration message was received in time."),
        /** No message at all came for the idle timeout. */
        IDLE("No audio or keepalive message was received in time."),
        /** The temporary key's longest session is over. */
        SESSION_OVER("The stream reached the longest session its temporary API key allows.");

        private final String message;

        Timeout(String message) {
            this.message = message;
        }

        /** What the client is told, with nothing internal in it. */
        public String message() {
            return message;
        }
    }

    private final InstantSource clock;
    private final Duration idleTimeout;
    private final Instant configureBy;
    private boolean configured;
    private Instant lastHeard;
    private Instant sessionDeadline;

    /** Starts the clock of a stream that has just opened. */
    public StreamTimeouts(InstantSource clock, Duration configurationTimeout, Duration idleTimeout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.configureBy = clock.instant().plus(configurationTimeout);
    }

    /**
     * The stream was admitted: from now on it may idle for the idle timeout, and it ends at
     * {@code sessionDeadline} (null: no cap).
     */
    public synchronized void configured(Instant sessionDeadline) {
        this.configured = true;
        this.sessionDeadline = sessionDeadline;
        this.lastHeard = clock.instant();
    }

    /** A message arrived: the stream is not idle. */
    public synchronized void heard() {
        if (configured) {
            lastHeard = clock.instant();
        }
    }

    /** The timeout that has passed, the session's end first; null while none has. */
    public synchronized Timeout expired() {
        Instant now = clock.instant();
        if (!configured) {
            return now.isBefore(configureBy) ? null : Timeout.NOT_CONFIGURED;
        }
        if (sessionDeadline != null && !now.isBefore(sessionDeadline)) {
            return Timeout.SESSION_OVER;
        }
        return now.isBefore(lastHeard.plus(idleTimeout)) ? null : Timeout.IDLE;
    }

    /** How long from now until the earliest timeout could pass; zero when one has. */
    public synchronized Duration untilNextCheck() {
        Instant next;
        if (!configured) {
            next = configureBy;
        } else {
            next = lastHeard.plus(idleTimeout);
            if (sessionDeadline != null && sessionDeadline.isBefore(next)) {
                next = sessionDeadline;
            }
        }
        Duration left = Duration.between(clock.instant(), next);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
