package dev.speechmeter.health;

import jakarta.decorator.Decorator;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.NormalScope;
import jakarta.enterprise.inject.Stereotype;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.inject.Scope;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.function.Supplier;

/**
 * Adds a module's health checks to the deployment where the server provides MicroProfile Health,
 * and only there: a WildFly on {@code standalone.xml}, or a servlet container, deploys and meters
 * the same without them. The checks carry no bean-defining annotation, so that bean discovery
 * never loads a class whose interface the server lacks; a module's portable extension adds them
 * while beans are discovered:
 *
 * <pre>{@code
 * void addChecks(@Observes BeforeBeanDiscovery event) {
 *     HealthCheckTypes.addWhereAvailable(event, getClass().getClassLoader(),
 *             () -> List.of(DatabaseCheck.class, SchemaCheck.class));
 * }
 * }</pre>
 *
 * The types come from a supplier that is called only once the API is found: naming the classes
 * sooner would load them, and loading one where the API is missing fails.
 */
public final class HealthCheckTypes {

    /** The interface every check implements; whether it loads says whether the server has MicroProfile Health. */
    static final String HEALTH_CHECK = "org.eclipse.microprofile.health.HealthCheck";

    private HealthCheckTypes() {
    }

    /**
     * Adds {@code types} as beans when {@code loader} (the loader of the module's classes) sees the
     * MicroProfile Health API; does nothing otherwise.
     *
     * @return whether the checks were added
     * @throws IllegalArgumentException when a type carries a bean-defining annotation: discovery
     *         would load it on a server without the API
     */
    public static boolean addWhereAvailable(BeforeBeanDiscovery event, ClassLoader loader,
                                            Supplier<List<Class<?>>> types) {
        if (!available(loader)) {
            return false;
        }
        for (Class<?> type : types.get()) {
            for (Annotation annotation : type.getAnnotations()) {
                if (beanDefining(annotation.annotationType())) {
                    throw new IllegalArgumentException(type.getName() + " is a health check and must not carry @"
                            + annotation.annotationType().getSimpleName() + ": bean discovery would load it on a "
                            + "server without MicroProfile Health");
                }
            }
            event.addAnnotatedType(type, type.getName());
        }
        return true;
    }

    /** Whether {@code loader} sees the MicroProfile Health API. */
    static boolean available(ClassLoader loader) {
        try {
            Class.forName(HEALTH_CHECK, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean beanDefining(Class<? extends Annotation> type) {
        return type == Dependent.class || type == Interceptor.class || type == Decorator.class
                || type.isAnnotationPresent(NormalScope.class) || type.isAnnotationPresent(Scope.class)
                || type.isAnnotationPresent(Stereotype.class);
    }
}
