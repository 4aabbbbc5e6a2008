package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.jpa.StoreHealth;
import org.eclipse.microprofile.health.Readiness;

/** {@value StoreHealth#DATABASE}: the database answers within a second. */
@Readiness
class DatabaseCheck extends StoreCheck {

    @Override
    HealthReport report(StoreHealth health) {
        return health.database();
    }
}
