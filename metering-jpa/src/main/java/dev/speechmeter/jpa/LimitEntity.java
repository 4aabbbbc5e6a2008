package dev.speechmeter.jpa;

import dev.speechmeter.spi.Cap;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * One limit set on an organization or a project. No row means the configured default;
 * a row with a null value means no cap at that level.
 */
@Entity
@Table(name = "sm_limit")
@IdClass(LimitKey.class)
class LimitEntity {

    static final int MAX_NAME_LENGTH = 64;

    @Id
    @Column(name = "owner_id")
    private UUID ownerId;

    @Id
    @Column(name = "name", length = MAX_NAME_LENGTH)
    private String name;

    @Column(name = "cap_value")
    private Integer capValue;

    protected LimitEntity() {
    }

    LimitEntity(UUID ownerId, String name, Cap cap) {
        this.ownerId = ownerId;
        this.name = name;
        this.capValue = cap.max();
    }

    UUID ownerId() {
        return ownerId;
    }

    String name() {
        return name;
    }

    Cap cap() {
        return capValue == null ? Cap.unlimited() : Cap.atMost(capValue);
    }
}
