package dev.speechmeter.redis;

import dev.speechmeter.micrometer.Micrometer;
import dev.speechmeter.redis.micrometer.RedisMetersObserver;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.literal.SingletonLiteral;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds the bean that registers the Redis store's meters ({@link RedisMetersObserver}) when the
 * application has Micrometer; without Micrometer no class that needs it is loaded.
 */
public class RedisMetersExtension implements Extension {

    void addMeters(@Observes BeforeBeanDiscovery event) {
        if (Micrometer.isPresent(RedisMetersExtension.class.getClassLoader())) {
            event.addAnnotatedType(RedisMetersObserver.class, RedisMetersObserver.class.getName())
                    .add(SingletonLiteral.INSTANCE);
        }
    }
}
