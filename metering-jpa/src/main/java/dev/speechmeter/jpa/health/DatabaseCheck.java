package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.jpa.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** {@value StoreHealth#DATABASE}: the database answers within a second. */
@Readiness
@ApplicationScoped
class DatabaseCheck extends StoreCheck {

    @Override
    HealthReport report(StoreHealth health) {
        return health.database();
    }
}
