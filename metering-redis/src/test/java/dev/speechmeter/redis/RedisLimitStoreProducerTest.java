package dev.speechmeter.redis;

import dev.speechmeter.spi.Level;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.cdi.MeteringConfigProducer;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLimit;
import java.time.Instant;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.proxy.WeldClientProxy;
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
            Instant before = Instant.now();
            LimitStore store = container.select(LimitStore.class).get();
            Instant now = store.now();

            assertThat(((WeldClientProxy) store).getMetadata().getContextualInstance())
                    .as("the store behind the proxy").isExactlyInstanceOf(LocalLimitStore.class);
            assertThat(now).as("on the system clock").isBetween(before, Instant.now());
            UUID organization = UUID.randomUUID();
            UUID project = UUID.randomUUID();
            SlotDecision taken = store.acquireSlot("transcribe", new SlotLimit(organization, null),
                    new SlotLimit(project, 1));
            SlotDecision refused = store.acquireSlot("transcribe", new SlotLimit(organization, null),
                    new SlotLimit(project, 1));
            assertThat(taken.acquired()).isTrue();
            assertThat(refused.acquired()).as("the project's one slot is held").isFalse();
            assertThat(refused.refusedBy()).isEqualTo(Level.PROJECT);
            assertThat(store.slotsInUse(Level.PROJECT, project, "transcribe")).isEqualTo(1);
            store.releaseSlot(taken.lease());
            assertThat(store.slotsInUse(Level.PROJECT, project, "transcribe")).isZero();
            assertThat(store.slotsInUse(Level.ORGANIZATION, organization, "transcribe")).isZero();
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
