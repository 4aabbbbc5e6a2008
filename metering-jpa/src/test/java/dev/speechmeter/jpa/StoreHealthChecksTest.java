package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.cdi.MeteringConfigProducer;
import dev.speechmeter.testing.OneBeanArchive;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
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

/**
 * The jar as a deployment's bean archive, discovered through its {@code beans.xml}: on a server
 * with MicroProfile Health its checks are beans and up; on one without, there are none and the
 * store starts as before.
 */
class StoreHealthChecksTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    {
        dataSource.setURL("jdbc:h2:mem:checks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        TestNaming.bindServer(dataSource, "store-health-checks-test");
    }

    @AfterEach
    void unbind() {
        TestNaming.unbindAll();
    }

    @Test
    void withMicroProfileHealthTheReadinessAndLivenessChecksAreBeansAndUp() {
        try (WeldContainer container = boot(OneBeanArchive.of(JpaStore.class, true))) {
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

    @Test
    void withoutMicroProfileHealthThereAreNoChecksAndTheStoreStarts() throws SQLException {
        try (WeldContainer container = boot(OneBeanArchive.of(JpaStore.class, false))) {
            Set<String> beans = container.getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
                    .map(bean -> bean.getBeanClass().getName()).collect(Collectors.toSet());

            assertThat(beans).contains(JpaStore.class.getName())
                    .noneMatch(name -> name.startsWith("dev.speechmeter.jpa.health."));
        }
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "SM_USAGE_ENTRY", null)) {
            assertThat(tables.next()).as("the schema migrated at start").isTrue();
        }
    }

    @Test
    void theBeansXmlLeavesEveryCheckOutOfDiscoveryWhereTheApiIsMissingAndNoneWhereItIs() {
        OneBeanArchive without = OneBeanArchive.of(JpaStore.class, false);
        OneBeanArchive with = OneBeanArchive.of(JpaStore.class, true);
        Set<String> checks = without.classNamesIn("dev.speechmeter.jpa.health");

        assertThat(checks).hasSize(5).allMatch(without::excludes).noneMatch(with::excludes);
        assertThat(without.excludes(JpaStore.class.getName())).isFalse();
    }

    private static WeldContainer boot(OneBeanArchive archive) {
        return new Weld().setClassLoader(archive).addBeanClasses(MeteringConfigProducer.class).initialize();
    }

    private static Map<String, HealthCheckResponse> responses(Instance<HealthCheck> checks) {
        return checks.stream().map(HealthCheck::call)
                .collect(Collectors.toMap(HealthCheckResponse::getName, response -> response));
    }
}
