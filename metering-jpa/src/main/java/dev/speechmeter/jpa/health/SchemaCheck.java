package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.jpa.StoreHealth;
import org.eclipse.microprofile.health.Readiness;

/** {@value StoreHealth#SCHEMA}: every migration this server ships has been applied. */
@Readiness
class SchemaCheck extends StoreCheck {

    @Override
    HealthReport report(StoreHealth health) {
        return health.schema();
    }
}
