package dev.speechmeter.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity of the application's own, in the same package and class path as Speechmeter's: not part of its unit. */
@Entity
class HostEntity {

    @Id
    private Long id;
}
