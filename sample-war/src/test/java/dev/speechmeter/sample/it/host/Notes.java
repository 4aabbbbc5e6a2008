package dev.speechmeter.sample.it.host;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The host application's repository, as many applications write it: an entity manager injected
 * without a unit name, which only works while the application has exactly one persistence unit.
 */
@ApplicationScoped
public class Notes {

    @PersistenceContext
    EntityManager entityManager;

    @Transactional
    public long add(String text) {
        Note note = new Note(text);
        entityManager.persist(note);
        entityManager.flush();
        return note.id();
    }

    public Optional<String> text(long id) {
        return Optional.ofNullable(entityManager.find(Note.class, id)).map(Note::text);
    }
}
