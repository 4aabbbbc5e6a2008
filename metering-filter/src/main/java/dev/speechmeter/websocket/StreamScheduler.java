package dev.speechmeter.websocket;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stream's timeout check later. In a server, the container's
 * {@code ManagedScheduledExecutorService}; in a test, one that runs checks when told.
 *
 * <pre>{@code
 * StreamScheduler scheduler = StreamScheduler.of(managedScheduledExecutorService);
 * }</pre>
 */
@FunctionalInterface
public interface StreamScheduler {

    /** Runs {@code check} once, {@code delay} from now; the future cancels it. */
    Future<?> schedule(Runnable check, Duration delay);

    static StreamScheduler of(ScheduledExecutorService executor) {
        return (check, delay) -> executor.schedule(check, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
