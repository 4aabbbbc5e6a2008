package dev.speechmeter.jpa;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The primary key of {@link LimitEntity}: its owner and the limit's name. */
class LimitKey implements Serializable {

    private UUID ownerId;
    private String name;

    protected LimitKey() {
    }

    LimitKey(UUID ownerId, String name) {
        this.ownerId = ownerId;
        this.name = name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LimitKey that
                && Objects.equals(ownerId, that.ownerId)
                && Objects.equals(name, that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ownerId, name);
    }
}
