package dev.speechmeter.redis;

import dev.speechmeter.micrometer.MeterRegistryBeans;
import dev.speechmeter.redis.micrometer.RedisMeters;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the application's {@code MeterRegistry} bean while it deploys, when it has Micrometer,
 * so that {@link RedisLimitStoreProducer} registers the meters of the store it makes there
 * ({@link RedisMeters}) until the application stops. Without Micrometer no class that needs it is
 * loaded.
 */
public class RedisMetersExtension implements Extension {

    private final MeterRegistryBeans registries = new MeterRegistryBeans(RedisMetersExtension.class.getClassLoader());
    private final List<Runnable> registered = new ArrayList<>();

    <T> void findRegistries(@Observes ProcessBean<T> event) {
        registries.offer(event.getBean());
    }

    /** Registers the meters of {@code store} in the application's registry, when it has one. */
    synchronized void watch(RedisLimitStore store, BeanManager beans) {
        Object registry = registries.resolve(beans);
        if (registry != null) {
            registered.add(RedisMeters.registerIn(registry, store)::close);
        }
    }

    synchronized void removeMeters(@Observes BeforeShutdown event) {
        registered.forEach(Runnable::run);
        registered.clear();
    }
}
