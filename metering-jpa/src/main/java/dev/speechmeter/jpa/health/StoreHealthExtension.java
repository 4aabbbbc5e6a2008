package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthCheckTypes;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.List;

/**
 * Adds the database store's health checks where the server provides MicroProfile Health: the
 * readiness checks {@code speechmeter-schema}, {@code speechmeter-database} and
 * {@code speechmeter-usage-backlog}, and the liveness check {@code speechmeter-usage-writers}
 * ({@link dev.speechmeter.jpa.StoreHealth}). Elsewhere it adds nothing, and the store works the same.
 */
public class StoreHealthExtension implements Extension {

    void addChecks(@Observes BeforeBeanDiscovery event) {
        HealthCheckTypes.addWhereAvailable(event, StoreHealthExtension.class.getClassLoader(),
                () -> List.of(SchemaCheck.class, DatabaseCheck.class, UsageBacklogCheck.class, UsageWritersCheck.class));
    }
}
