package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.health.HealthResponses;
import dev.speechmeter.jpa.JpaStore;
import dev.speechmeter.jpa.StoreHealth;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** One of the database store's checks: a report of its {@link StoreHealth}, as a MicroProfile Health response. */
abstract class StoreCheck implements HealthCheck {

    @Inject
    JpaStore store;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.of(report(store.health()));
    }

    abstract HealthReport report(StoreHealth health);
}
