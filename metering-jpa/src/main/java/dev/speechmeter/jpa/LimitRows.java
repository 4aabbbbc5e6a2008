package dev.speechmeter.jpa;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Limits;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Reads and replaces the {@code sm_limit} rows of organizations and projects. */
final class LimitRows {

    private LimitRows() {
    }

    /** The limits of each owner; an owner without rows gets {@link Limits#none()}. */
    static Map<UUID, Limits> read(EntityManager em, Collection<UUID> ownerIds) {
        Map<UUID, Map<String, Cap>> caps = new HashMap<>();
        em.createQuery("select l from LimitEntity l where l.ownerId in :owners order by l.name", LimitEntity.class)
                .setParameter("owners", ownerIds)
                .getResultList()
                .forEach(row -> caps.computeIfAbsent(row.ownerId(), owner -> new LinkedHashMap<>())
                        .put(row.name(), row.cap()));
        Map<UUID, Limits> limits = new HashMap<>();
        for (UUID ownerId : ownerIds) {
            limits.put(ownerId, Limits.of(caps.getOrDefault(ownerId, Map.of())));
        }
        return limits;
    }

    static void replace(EntityManager em, UUID ownerId, Limits limits) {
        requireStorable(limits);
        em.createQuery("delete from LimitEntity l where l.ownerId = :owner")
                .setParameter("owner", ownerId)
                .executeUpdate();
        limits.asMap().forEach((name, cap) -> {
            // A name mapped to no cap at all is the same as an absent name: the default applies.
            if (cap != null) {
                em.persist(new LimitEntity(ownerId, name, cap));
            }
        });
    }

    private static void requireStorable(Limits limits) {
        for (String name : limits.asMap().keySet()) {
            if (name == null || name.isBlank() || name.length() > LimitEntity.MAX_NAME_LENGTH) {
                throw new IllegalArgumentException(
                        "A limit name must be 1 to " + LimitEntity.MAX_NAME_LENGTH + " characters: " + name);
            }
        }
    }
}
