package dev.speechmeter.jpa;

import dev.speechmeter.spi.ApiKeyInfo;
import dev.speechmeter.spi.KeyPermission;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A key of a project. Only the hash of its secret is kept, with a short prefix to show in listings. */
@Entity
@Table(name = "sm_api_key")
class ApiKeyEntity {

    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "project_id", nullable = false)
    private UUID projectId;

    @Column(name = "name", nullable = false, length = JpaTenantAdmin.MAX_NAME_LENGTH)
    private String name;

    @Column(name = "key_hash", nullable = false, unique = true, length = 64, columnDefinition = "char(64)")
    private String keyHash;

    @Column(name = "key_prefix", nullable = false, length = 16)
    private String keyPrefix;

    @Convert(converter = InstantColumn.class)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "permissions", nullable = false, length = 200)
    private String permissions;

    @Convert(converter = InstantColumn.class)
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(UUID id, UUID projectId, String name, String keyHash, String keyPrefix, Instant createdAt,
                 Set<KeyPermission> permissions) {
        this.id = id;
        this.permissions = KeyPermission.format(permissions);
        this.projectId = projectId;
        this.name = name;
        this.keyHash = keyHash;
        this.keyPrefix = keyPrefix;
        this.createdAt = createdAt;
    }

    ApiKeyInfo info() {
        return new ApiKeyInfo(id, projectId, name, keyPrefix, createdAt, revokedAt, KeyPermission.parse(permissions));
    }

    UUID projectId() {
        return projectId;
    }

    /** Revoking twice keeps the first time. */
    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
