package dev.speechmeter.redis.health;

import dev.speechmeter.health.HealthCheckTypes;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.List;

/**
 * Adds the readiness check {@code speechmeter-redis} ({@link dev.speechmeter.redis.RedisHealth})
 * where the server provides MicroProfile Health; elsewhere it adds nothing.
 */
public class RedisHealthExtension implements Extension {

    void addChecks(@Observes BeforeBeanDiscovery event) {
        HealthCheckTypes.addWhereAvailable(event, RedisHealthExtension.class.getClassLoader(),
                () -> List.of(RedisCheck.class));
    }
}
