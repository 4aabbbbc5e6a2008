package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.cdi.MeteringConfigProducer;
import dev.speechmeter.spi.LimitStore;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The jar in a deployment: local limits without a Redis URI, and bad Redis settings fail the start. */
class RedisLimitStoreProducerTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty(RedisSettings.URI_PROPERTY);
        System.clearProperty(RedisSettings.ON_FAILURE_PROPERTY);
    }

    @Test
    void withoutARedisUriTheDeploymentStartsWithLimitsOnThisServer() {
        try (WeldContainer container = boot()) {
            LimitStore store = container.select(LimitStore.class).get();
            assertThat(store.now()).isNotNull();
            assertThat(store.toString()).as("no Redis store behind the proxy").doesNotContain("Redis");
        }
    }

    @Test
    void aBadRedisSettingFailsTheStartNamingIt() {
        System.setProperty(RedisSettings.URI_PROPERTY, "redis://localhost:6379");
        System.setProperty(RedisSettings.ON_FAILURE_PROPERTY, "panic");

        assertThatThrownBy(() -> boot().close())
                .hasStackTraceContaining(RedisSettings.ON_FAILURE_PROPERTY)
                .hasStackTraceContaining("panic");
    }

    @Test
    void aUriThatIsNotRedisFailsTheStart() {
        System.setProperty(RedisSettings.URI_PROPERTY, "http://localhost:6379");

        assertThatThrownBy(() -> boot().close()).hasStackTraceContaining(RedisSettings.URI_PROPERTY);
    }

    private static WeldContainer boot() {
        return new Weld().disableDiscovery()
                .addBeanClasses(RedisLimitStoreProducer.class, MeteringConfigProducer.class)
                .initialize();
    }
}
