package dev.speechmeter.spi;

import dev.speechmeter.spi.Level;

/**
 * The answer of {@link LimitStore#acquireSlot}.
 *
 * <pre>{@code
 * SlotDecision decision = store.acquireSlot("transcribe", organization, project);
 * if (decision.acquired()) {
 *     int leftForProject = projectMax - decision.projectInUse();
 * }
 * }</pre>
 *
 * @param refusedBy          the level whose pool is full; null when the slot was acquired
 * @param lease              the slot held, to release; null when refused
 * @param organizationInUse  the organization's slots in use after the decision
 * @param projectInUse       the project's slots in use after the decision
 */
public record SlotDecision(Level refusedBy, SlotLease lease, int organizationInUse, int projectInUse) {

    public boolean acquired() {
        return refusedBy == null;
    }

    /** Slots in use at {@code level} after the decision. */
    public int inUse(Level level) {
        return level == Level.ORGANIZATION ? organizationInUse : projectInUse;
    }
}
