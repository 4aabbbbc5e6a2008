package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the usage journal lives: as configured, else one directory per application in the
 * server's data, so that two applications on one server never share a journal (the second would
 * fail to deploy: a journal is held by one process and one application at a time).
 */
class JournalDirectoryTest {

    private static final String DATA = "jboss.server.data.dir";
    private final String before = System.getProperty(DATA);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(DATA);
        } else {
            System.setProperty(DATA, before);
        }
    }

    @Test
    void eachApplicationOnAServerHasItsOwn() {
        System.setProperty(DATA, "/srv/wildfly/data");

        assertThat(JpaBackends.journalDirectory(StoreSettings.defaults(), "speech"))
                .isEqualTo(Path.of("/srv/wildfly/data/speechmeter/usage-journal/speech"));
        assertThat(JpaBackends.journalDirectory(StoreSettings.defaults(), "plain"))
                .isEqualTo(Path.of("/srv/wildfly/data/speechmeter/usage-journal/plain"));
    }

    @Test
    void anApplicationNameCannotLeaveTheJournalsDirectory() {
        System.setProperty(DATA, "/srv/wildfly/data");

        assertThat(JpaBackends.journalDirectory(StoreSettings.defaults(), "../../etc"))
                .isEqualTo(Path.of("/srv/wildfly/data/speechmeter/usage-journal/_.._.._etc"));
    }

    @Test
    void aConfiguredDirectoryIsTakenAsItIs() {
        System.setProperty(DATA, "/srv/wildfly/data");
        StoreSettings configured = StoreSettings.defaults().withJournalDirectory(Path.of("/var/lib/journal"));

        assertThat(JpaBackends.journalDirectory(configured, "speech")).isEqualTo(Path.of("/var/lib/journal"));
    }
}
