package dev.speechmeter.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** Health checks become beans where the server has MicroProfile Health, and are never even loaded elsewhere. */
class HealthCheckTypesTest {

    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void whereTheApiIsTheChecksAreBeansWithTheirQualifier() {
        try (WeldContainer container = boot(getClass().getClassLoader(), () -> List.of(Ready.class))) {
            HealthCheck ready = container.select(HealthCheck.class, Readiness.Literal.INSTANCE).get();
            HealthCheckResponse response = ready.call();

            assertThat(response.getName()).isEqualTo("speechmeter-test");
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData()).contains(Map.of("queued", 3L));
            assertThat(container.select(HealthCheck.class, Liveness.Literal.INSTANCE).isResolvable()).isFalse();
        }
    }

    @Test
    void whereTheApiIsMissingNothingIsAddedAndTheChecksAreNeverNamed() {
        try (WeldContainer container = boot(new HidingHealthApi(getClass().getClassLoader()), () -> List.of(Ready.class))) {
            assertThat(asked).as("the supplier of the check classes was not called").hasValue(0);
            assertThat(container.select(Ready.class).isResolvable()).isFalse();
        }
    }

    @Test
    void aCheckWithABeanDefiningAnnotationFailsTheDeployment() {
        assertThatThrownBy(() -> boot(getClass().getClassLoader(), () -> List.of(Scoped.class)).close())
                .hasStackTraceContaining(Scoped.class.getName() + " is a health check and must not carry @ApplicationScoped");
    }

    @Test
    void theApiIsFoundOnlyThroughALoaderThatSeesIt() {
        assertThat(HealthCheckTypes.available(getClass().getClassLoader())).isTrue();
        assertThat(HealthCheckTypes.available(new HidingHealthApi(getClass().getClassLoader()))).isFalse();
    }

    private WeldContainer boot(ClassLoader loader, Supplier<List<Class<?>>> types) {
        return new Weld().disableDiscovery()
                .addExtension(new AddingChecks(loader, () -> {
                    asked.incrementAndGet();
                    return types.get();
                }))
                .initialize();
    }

    static final class AddingChecks implements Extension {

        private final ClassLoader loader;
        private final Supplier<List<Class<?>>> types;

        AddingChecks(ClassLoader loader, Supplier<List<Class<?>>> types) {
            this.loader = loader;
            this.types = types;
        }

        void add(@Observes BeforeBeanDiscovery event) {
            HealthCheckTypes.addWhereAvailable(event, loader, types);
        }
    }

    /** A server's class loader without MicroProfile Health. */
    static final class HidingHealthApi extends ClassLoader {

        HidingHealthApi(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.eclipse.microprofile.health.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Readiness
    static class Ready implements HealthCheck {

        @Override
        public HealthCheckResponse call() {
            return HealthResponses.of(HealthReport.up("speechmeter-test").with("queued", 3));
        }
    }

    @Readiness
    @ApplicationScoped
    static class Scoped implements HealthCheck {

        @Override
        public HealthCheckResponse call() {
            return HealthResponses.of(HealthReport.up("speechmeter-scoped"));
        }
    }
}
