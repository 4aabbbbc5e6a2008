package dev.speechmeter.redis.health;

import dev.speechmeter.health.HealthResponses;
import dev.speechmeter.redis.RedisHealth;
import dev.speechmeter.redis.RedisLimitStoreProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@value RedisHealth#NAME}: Redis answers, or the server can serve without it. */
@Readiness
@ApplicationScoped
class RedisCheck implements HealthCheck {

    @Inject
    RedisLimitStoreProducer limits;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.of(limits.health());
    }
}
