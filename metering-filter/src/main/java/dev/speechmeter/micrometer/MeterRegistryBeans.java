package dev.speechmeter.micrometer;

import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's {@code MeterRegistry} beans, as a portable extension sees them while the
 * application deploys ({@code ProcessBean}), and the one to register meters in. Found this way
 * rather than injected, so that a bean of any archive of the application is found from a library
 * jar on every server; typed {@code Object}, so that a caller names no Micrometer type and loads
 * none without Micrometer.
 *
 * <pre>{@code
 * <T> void offer(@Observes ProcessBean<T> event) { registries.offer(event.getBean()); }
 * ...
 * Object registry = registries.resolve(beanManager);   // null: no registry, or no Micrometer
 * }</pre>
 */
public final class MeterRegistryBeans {

    private static final System.Logger LOG = System.getLogger(MeterRegistryBeans.class.getName());

    private final boolean micrometer;
    private final Set<Bean<?>> beans = ConcurrentHashMap.newKeySet();

    /** Registry beans of an application whose classes {@code loader} loads. */
    public MeterRegistryBeans(ClassLoader loader) {
        this.micrometer = Micrometer.isPresent(loader);
    }

    /** Keeps {@code bean} when it is a {@code MeterRegistry}. */
    public void offer(Bean<?> bean) {
        if (micrometer && registryType(bean) != null) {
            beans.add(bean);
        }
    }

    /**
     * The registry to register meters in: the application's one {@code MeterRegistry} bean, or the
     * alternative it selected among several; null when it has none, has two it did not choose
     * between (logged at WARNING), or has no Micrometer.
     */
    public Object resolve(BeanManager manager) {
        if (beans.isEmpty()) {
            return null;
        }
        Bean<?> bean;
        try {
            bean = manager.resolve(Set.copyOf(beans));
        } catch (AmbiguousResolutionException e) {
            LOG.log(System.Logger.Level.WARNING, "The application has several MeterRegistry beans, and Speechmeter "
                    + "registers its meters in none of them: mark the one to use @Alternative "
                    + "@Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION)");
            return null;
        }
        return bean == null ? null : manager.getReference(bean, registryType(bean), manager.createCreationalContext(bean));
    }

    private static Type registryType(Bean<?> bean) {
        for (Type type : bean.getTypes()) {
            if (type instanceof Class<?> named && named.getName().equals(Micrometer.REGISTRY)) {
                return type;
            }
        }
        return null;
    }
}
