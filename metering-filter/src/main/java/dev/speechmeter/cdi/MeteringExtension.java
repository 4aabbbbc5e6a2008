package dev.speechmeter.cdi;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.Metered;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.micrometer.MeterRegistryBeans;
import dev.speechmeter.micrometer.MicrometerEvents;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks, while the application deploys, the {@code speechmeter.*} configuration and every
 * {@link Metered} use, so that a mistake fails the deployment with a clear message instead of
 * the first request. It also finds the application's {@code MeterRegistry} bean, when it has
 * Micrometer, for Speechmeter's meters ({@link #events}); without Micrometer no class that needs
 * it is loaded.
 */
public class MeteringExtension implements Extension {

    private final List<Use> uses = new ArrayList<>();
    private final Set<String> annotatedPaths = new TreeSet<>();
    private final MeterRegistryBeans registries = new MeterRegistryBeans(MeteringExtension.class.getClassLoader());
    private MeteringEvents events;
    private Runnable meters = () -> { };

    <T> void findRegistries(@Observes ProcessBean<T> event) {
        registries.offer(event.getBean());
    }

    /**
     * What the runtime reports to: meters in the application's {@code MeterRegistry} bean, made
     * once; {@link MeteringEvents#NONE} without Micrometer or without a registry.
     */
    synchronized MeteringEvents events(BeanManager beans) {
        if (events == null) {
            Object registry = registries.resolve(beans);
            if (registry == null) {
                events = MeteringEvents.NONE;
            } else {
                MicrometerEvents made = MicrometerEvents.onRegistry(registry);
                events = made;
                meters = made::close;
            }
        }
        return events;
    }

    /** Takes the meters out of a registry that outlives the application, such as the server's. */
    synchronized void removeMeters(@Observes BeforeShutdown event) {
        meters.run();
    }

    <T> void collect(@Observes @WithAnnotations(Metered.class) ProcessAnnotatedType<T> event) {
        AnnotatedType<T> type = event.getAnnotatedType();
        if (type.isAnnotationPresent(Interceptor.class)) {
            return;
        }
        Metered onType = type.getAnnotation(Metered.class);
        Path typePath = type.getAnnotation(Path.class);
        if (onType != null) {
            uses.add(new Use(type.getJavaClass().getName(), onType));
            addPath(typePath, null);
        }
        for (AnnotatedMethod<? super T> method : type.getMethods()) {
            Metered onMethod = method.getAnnotation(Metered.class);
            if (onMethod != null) {
                uses.add(new Use(type.getJavaClass().getName() + "." + method.getJavaMember().getName(), onMethod));
                addPath(typePath, method.getAnnotation(Path.class));
            }
        }
    }

    /** The literal part of a metered JAX-RS resource's path, up to its first template. */
    private void addPath(Path typePath, Path methodPath) {
        if (typePath == null) {
            return;
        }
        String path = "/" + typePath.value() + (methodPath == null ? "" : "/" + methodPath.value());
        int template = path.indexOf('{');
        annotatedPaths.add(template < 0 ? path : path.substring(0, template));
    }

    /**
     * The paths (inside the JAX-RS application) of the resources metered by annotation, so that
     * the errors a framework answers on them before the method runs (a method or media type not
     * served) are put in the error shape too.
     */
    public Set<String> annotatedPaths() {
        return Collections.unmodifiableSet(annotatedPaths);
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beans) {
        for (Class<?> part : MeteringRuntimeProducer.PARTS) {
            ambiguity(beans, part).ifPresent(event::addDeploymentProblem);
        }
        MeteringConfig config;
        try {
            config = MeteringConfigProducer.read();
        } catch (ConfigurationException e) {
            event.addDeploymentProblem(e);
            return;
        }
        for (Use use : uses) {
            problemsOf(use, config).forEach(problem -> event.addDeploymentProblem(new ConfigurationException(problem)));
        }
    }

    /** Two beans of a part the runtime takes one of, when the application has not chosen between them. */
    private static Optional<ConfigurationException> ambiguity(BeanManager beans, Class<?> part) {
        Set<Bean<?>> candidates = beans.getBeans(part);
        if (candidates.size() < 2) {
            return Optional.empty();
        }
        try {
            beans.resolve(candidates);
            return Optional.empty();
        } catch (AmbiguousResolutionException e) {
            List<String> classes = new ArrayList<>();
            candidates.forEach(bean -> classes.add(bean.getBeanClass().getName()));
            return Optional.of(ConfigurationException.ambiguous(part.getSimpleName(), classes,
                    "mark the one to use @Alternative @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION)"));
        }
    }

    static List<String> problemsOf(Use use, MeteringConfig config) {
        try {
            MeteringInterceptor.endpointOf(use.metered(), config.pools());
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of("@Metered on " + use.where() + ": " + e.getMessage());
        }
    }

    record Use(String where, Metered metered) {
    }
}
