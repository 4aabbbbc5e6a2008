package dev.speechmeter.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "sm_project")
class ProjectEntity {

    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(name = "name", nullable = false, length = JpaTenantAdmin.MAX_NAME_LENGTH)
    private String name;

    @Convert(converter = InstantColumn.class)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ProjectEntity() {
    }

    ProjectEntity(UUID id, UUID organizationId, String name, Instant createdAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.name = name;
        this.createdAt = createdAt;
    }
}
