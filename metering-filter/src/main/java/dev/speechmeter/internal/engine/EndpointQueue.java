package dev.speechmeter.internal.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an endpoint does when its pool is full, as its mapping's {@code queue=} says:
 * <ul>
 *   <li>{@code none} (the default): the request is refused at once;</li>
 *   <li>{@code jobs}, for an endpoint whose requests become jobs: the request is accepted as a job
 *       that waits for a slot, for as long as it takes;</li>
 *   <li>a wait such as {@code 20s}, for a synchronous endpoint: the request waits for a slot up to
 *       that long, holding no thread, then is refused.</li>
 * </ul>
 * Requests wait first in, first out per project.
 *
 * @param jobs    whether a request that finds the pool full waits as a queued job
 * @param maxWait how long a synchronous request may wait for a slot; zero for not at all
 */
public record EndpointQueue(boolean jobs, Duration maxWait) {

    /** The longest wait a synchronous request may be given (declared first: the others are checked against it). */
    public static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

    /** No queue: a full pool refuses at once. */
    public static final EndpointQueue NONE = new EndpointQueue(false, Duration.ZERO);
    /** Requests become jobs, which wait for a slot. */
    public static final EndpointQueue JOBS = new EndpointQueue(true, Duration.ZERO);

    private static final Pattern WAIT = Pattern.compile("([0-9]{1,6})(ms|s)");

    public EndpointQueue {
        if (maxWait.isNegative() || maxWait.compareTo(LONGEST_WAIT) > 0 || (jobs && !maxWait.isZero())) {
            throw new IllegalArgumentException("a queue is jobs, or a wait of at most " + LONGEST_WAIT.toMinutes()
                    + " minutes");
        }
    }

    /** A synchronous endpoint whose requests wait for a slot up to {@code maxWait}. */
    public static EndpointQueue waiting(Duration maxWait) {
        return maxWait.isZero() ? NONE : new EndpointQueue(false, maxWait);
    }

    /**
     * The queue a mapping names: {@code jobs}, a wait such as {@code 20s} or {@code 500ms}, or
     * {@code none} (or nothing) for none.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static EndpointQueue of(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (text.equals("jobs")) {
            return JOBS;
        }
        if (text.isEmpty() || text.equals("none")) {
            return NONE;
        }
        Matcher wait = WAIT.matcher(text);
        if (wait.matches()) {
            long amount = Long.parseLong(wait.group(1));
            Duration duration = wait.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
            if (duration.compareTo(LONGEST_WAIT) <= 0) {
                return waiting(duration);
            }
        }
        throw new IllegalArgumentException("queue='" + value + "': expected jobs, none, or a wait of at most "
                + LONGEST_WAIT.toSeconds() + "s such as 20s");
    }

    /** Whether a request that finds the pool full waits rather than being refused at once. */
    public boolean waits() {
        return jobs || !maxWait.isZero();
    }

    /** In a few words for the start-up log; empty for none. */
    String describe() {
        if (jobs) {
            return " queue=jobs";
        }
        return maxWait.isZero() ? "" : " queue=" + (maxWait.toMillisPart() == 0 ? maxWait.toSeconds() + "s"
                : maxWait.toMillis() + "ms");
    }
}
