package dev.speechmeter.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * Who a capacity belongs to: an organization (shared by all its projects) or one project.
 *
 * @param level which kind of owner
 * @param id    the organization's or the project's id
 */
public record CapacityOwner(Level level, UUID id) {

    public CapacityOwner {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(id, "id");
    }

    public static CapacityOwner organization(UUID id) {
        return new CapacityOwner(Level.ORGANIZATION, id);
    }

    public static CapacityOwner project(UUID id) {
        return new CapacityOwner(Level.PROJECT, id);
    }
}
