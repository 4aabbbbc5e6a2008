package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.cdi.MeteringConfigProducer;
import dev.speechmeter.jpa.health.StoreHealthExtension;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With the jar in a deployment on a server with MicroProfile Health, the store's checks are there and up. */
class StoreHealthChecksTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    {
        dataSource.setURL("jdbc:h2:mem:checks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        TestNaming.install();
        TestNaming.bind("java:comp/DefaultDataSource", dataSource);
        TestNaming.bind("java:comp/UserTransaction", unused(UserTransaction.class));
        TestNaming.bind("java:comp/TransactionSynchronizationRegistry", unused(TransactionSynchronizationRegistry.class));
        TestNaming.bind("java:comp/DefaultManagedThreadFactory", threads());
        TestNaming.bind("java:app/AppName", "store-health-checks-test");
    }

    @AfterEach
    void unbind() {
        TestNaming.unbindAll();
    }

    @Test
    void theReadinessAndLivenessChecksAreBeansAndUp() {
        try (WeldContainer container = new Weld().disableDiscovery()
                .addBeanClasses(JpaStore.class, MeteringConfigProducer.class)
                .addExtension(new StoreHealthExtension())
                .initialize()) {
            Map<String, HealthCheckResponse> ready = responses(container.select(HealthCheck.class,
                    Readiness.Literal.INSTANCE));
            Map<String, HealthCheckResponse> live = responses(container.select(HealthCheck.class,
                    Liveness.Literal.INSTANCE));

            assertThat(ready).containsOnlyKeys(StoreHealth.SCHEMA, StoreHealth.DATABASE, StoreHealth.USAGE_BACKLOG);
            assertThat(live).containsOnlyKeys(StoreHealth.USAGE_WRITERS);
            ready.values().forEach(response -> assertThat(response.getStatus()).as(response.getName())
                    .isEqualTo(HealthCheckResponse.Status.UP));
            assertThat(live.get(StoreHealth.USAGE_WRITERS).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(ready.get(StoreHealth.SCHEMA).getData().orElseThrow()).containsEntry("version", "10");
            assertThat(ready.get(StoreHealth.USAGE_BACKLOG).getData().orElseThrow())
                    .containsEntry("max-backlog", 5_000L).containsEntry("queue-capacity", 10_000L);
        }
    }

    private static Map<String, HealthCheckResponse> responses(Instance<HealthCheck> checks) {
        return checks.stream().map(HealthCheck::call)
                .collect(Collectors.toMap(HealthCheckResponse::getName, response -> response));
    }

    private static ManagedThreadFactory threads() {
        return (ManagedThreadFactory) Proxy.newProxyInstance(ManagedThreadFactory.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class}, (self, method, args) -> switch (method.getName()) {
                    case "newThread" -> new Thread((Runnable) args[0]);
                    case "toString" -> "test thread factory";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
        }));
    }
}
