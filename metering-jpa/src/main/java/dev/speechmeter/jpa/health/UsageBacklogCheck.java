package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.jpa.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** {@value StoreHealth#USAGE_BACKLOG}: few enough usage entries wait to be written. */
@Readiness
@ApplicationScoped
class UsageBacklogCheck extends StoreCheck {

    @Override
    HealthReport report(StoreHealth health) {
        return health.usageBacklog();
    }
}
