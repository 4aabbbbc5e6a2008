package dev.speechmeter.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * One level's request-rate cap: a bucket of {@code perMinute} tokens refilled greedily at
 * {@code perMinute} a minute.
 *
 * <pre>{@code
 * new RateLimit(projectId, 100);   // 100 requests a minute for this project
 * }</pre>
 *
 * @param owner     the organization's or the project's id
 * @param perMinute at least 1; a cap of 0 is a suspension, which the engine answers itself
 */
public record RateLimit(UUID owner, int perMinute) {

    public RateLimit {
        Objects.requireNonNull(owner, "owner");
        if (perMinute < 1) {
            throw new IllegalArgumentException("a bucket holds at least one token: " + perMinute);
        }
    }
}
