package dev.speechmeter.redis.micrometer;

import dev.speechmeter.redis.RedisLimitStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the meters of each {@link RedisLimitStore} the application opens in its
 * {@link MeterRegistry} bean, when it has one, and takes them out when the application stops.
 * Not a bean of its own accord: {@code RedisMetersExtension} adds it only when Micrometer is on the
 * application's class path.
 */
public class RedisMetersObserver {

    private final List<RedisMeters> registered = new ArrayList<>();

    synchronized void opened(@Observes RedisLimitStore store, Instance<MeterRegistry> registries) {
        if (registries.isResolvable()) {
            registered.add(RedisMeters.register(store, registries.get()));
        }
    }

    @PreDestroy
    synchronized void close() {
        registered.forEach(RedisMeters::close);
        registered.clear();
    }
}
