package dev.speechmeter.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * One slot of a pool held at both levels, from admission until the request settles. A shared store
 * keeps a lease only as long as its server keeps renewing it, so a server that dies cannot hold
 * slots for ever.
 *
 * <pre>{@code
 * SlotDecision decision = store.acquireSlot("tts", organization, project);
 * store.releaseSlot(decision.lease());
 * }</pre>
 *
 * @param id           unique among the leases of the store
 * @param pool         the pool
 * @param organization the organization holding the slot
 * @param project      the project holding the slot
 */
public record SlotLease(String id, String pool, UUID organization, UUID project) {

    public SlotLease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(project, "project");
    }
}
