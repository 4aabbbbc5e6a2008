package dev.speechmeter.sample.it.host;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The host application's own entity, in its own persistence unit. */
@Entity
@Table(name = "host_note")
public class Note {

    @Id
    @GeneratedValue
    private Long id;

    private String text;

    protected Note() {
    }

    Note(String text) {
        this.text = text;
    }

    Long id() {
        return id;
    }

    String text() {
        return text;
    }
}
