package dev.speechmeter.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * One level's cap on the slots of a concurrency pool.
 *
 * <pre>{@code
 * new SlotLimit(projectId, 4);      // at most 4 at once
 * new SlotLimit(projectId, null);   // counted, never refused
 * }</pre>
 *
 * @param owner the organization's or the project's id
 * @param max   most slots held at once; null for no cap
 */
public record SlotLimit(UUID owner, Integer max) {

    public SlotLimit {
        Objects.requireNonNull(owner, "owner");
    }
}
