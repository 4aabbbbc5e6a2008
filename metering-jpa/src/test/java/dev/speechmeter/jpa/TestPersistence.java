package dev.speechmeter.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The {@code speechmeter} unit outside a server: resource-local, over a given data source. */
final class TestPersistence {

    private TestPersistence() {
    }

    static EntityManagerFactory open(DataSource dataSource) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        overrides.put("jakarta.persistence.jtaDataSource", null);
        overrides.put("jakarta.persistence.nonJtaDataSource", dataSource);
        // Fails the start when the tables Flyway made do not fit the entities.
        overrides.put("hibernate.hbm2ddl.auto", "validate");
        return Persistence.createEntityManagerFactory("speechmeter", overrides);
    }
}
