package dev.speechmeter.jpa;

import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;

/** The {@code speechmeter} unit outside a server: resource-local, over a given data source. */
final class TestPersistence {

    private TestPersistence() {
    }

    static EntityManagerFactory open(DataSource dataSource) {
        return SpeechmeterPersistence.open(SpeechmeterUnit.resourceLocal(dataSource), Map.of());
    }
}
