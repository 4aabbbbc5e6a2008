package dev.speechmeter.internal.engine;

import java.util.Locale;

/**
 * What an endpoint does when its pool is full, as its mapping's {@code queue=} says: refuse at
 * once (no queue, the default), or, for an endpoint whose requests become jobs
 * ({@code queue=jobs}), accept the request as a job that waits for a slot, first in, first out per
 * project.
 *
 * @param jobs whether a request that finds the pool full waits as a queued job
 */
public record EndpointQueue(boolean jobs) {

    /** No queue: a full pool refuses at once. */
    public static final EndpointQueue NONE = new EndpointQueue(false);
    /** Requests become jobs, which wait for a slot. */
    public static final EndpointQueue JOBS = new EndpointQueue(true);

    /**
     * The queue a mapping names: {@code jobs}, or {@code none} (or nothing) for none.
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
        throw new IllegalArgumentException("queue='" + value + "': expected jobs or none");
    }

    /** In a few words for the start-up log; empty for none. */
    String describe() {
        return jobs ? " queue=jobs" : "";
    }
}
