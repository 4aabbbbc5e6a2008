package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.jpa.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** {@value StoreHealth#SCHEMA}: every migration this server ships has been applied. */
@Readiness
@ApplicationScoped
class SchemaCheck extends StoreCheck {

    @Override
    HealthReport report(StoreHealth health) {
        return health.schema();
    }
}
