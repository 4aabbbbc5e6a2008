package dev.speechmeter.jpa.health;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.jpa.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Liveness;

/** {@value StoreHealth#USAGE_WRITERS}: every usage writer thread is alive. */
@Liveness
@ApplicationScoped
class UsageWritersCheck extends StoreCheck {

    @Override
    HealthReport report(StoreHealth health) {
        return health.usageWriters();
    }
}
