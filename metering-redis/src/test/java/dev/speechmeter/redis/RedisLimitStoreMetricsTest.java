package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.engine.Admission;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The Redis store's state as monitoring reads it, through the platform MBean server. */
class RedisLimitStoreMetricsTest {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Test
    void fallbacksAndReachabilityAreReadThroughJmxUntilTheStoreIsClosed() throws JMException {
        TestRedis redis = TestRedis.started();
        RedisSettings settings = redis.settings();
        ObjectName name = RedisLimitStoreMetrics.nameOf("metrics-test");
        try (Node node = Node.onServerTime(settings)) {
            RedisLimitStoreMetrics metrics = RedisLimitStoreMetrics.register(node.store, settings, "metrics-test");
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100)));
            Admission held = node.admit(caller, Node.TRANSCRIBE);

            assertThat(jmx.getAttribute(name, "RedisReachable")).isEqualTo(true);
            assertThat(jmx.getAttribute(name, "Fallbacks")).isEqualTo(0L);
            assertThat(jmx.getAttribute(name, "HeldLeases")).isEqualTo(1);
            assertThat(jmx.getAttribute(name, "Uri")).isEqualTo(settings.safeUri());
            assertThat(jmx.getAttribute(name, "OnFailure")).isEqualTo("local");

            redis.stop();
            node.admit(caller, Node.NO_POOL).settle(200, Usage.NONE, null);

            assertThat(jmx.getAttribute(name, "RedisReachable")).isEqualTo(false);
            assertThat(jmx.getAttribute(name, "Fallbacks")).isEqualTo(1L);

            held.settle(200, Usage.NONE, null);
            metrics.close();
            assertThat(jmx.isRegistered(name)).isFalse();
        } finally {
            redis.stop();
        }
    }

    @Test
    void aNameTakenAlreadyLeavesTheSecondStoreWithoutMetricsNotWithoutLimits() throws JMException {
        TestRedis redis = TestRedis.started();
        RedisSettings settings = redis.settings();
        try (Node first = Node.onServerTime(settings); Node second = Node.onServerTime(settings);
             RedisLimitStoreMetrics registered = RedisLimitStoreMetrics.register(first.store, settings, "twice");
             RedisLimitStoreMetrics refused = RedisLimitStoreMetrics.register(second.store, settings, "twice")) {
            assertThat(jmx.isRegistered(RedisLimitStoreMetrics.nameOf("twice"))).isTrue();

            refused.close();

            assertThat(jmx.isRegistered(RedisLimitStoreMetrics.nameOf("twice")))
                    .as("the first store's metrics stay").isTrue();
        } finally {
            redis.stop();
        }
    }
}
