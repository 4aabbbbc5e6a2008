package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Admission;
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
        try (Node node = Node.onServerTime(settings).connected()) {
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
        ObjectName name = RedisLimitStoreMetrics.nameOf("twice");
        try (Node first = Node.onServerTime(settings).connected(); Node second = Node.onServerTime(settings).connected();
             RedisLimitStoreMetrics registered = RedisLimitStoreMetrics.register(first.store, settings, "twice");
             RedisLimitStoreMetrics refused = RedisLimitStoreMetrics.register(second.store, settings, "twice")) {
            assertThat(jmx.isRegistered(name)).isTrue();
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(1)));

            Admission onSecond = second.admit(caller, Node.TRANSCRIBE);

            assertThat(onSecond.admitted()).isTrue();
            assertThat(second.store.heldLeases()).isEqualTo(1);
            assertThat(jmx.getAttribute(name, "HeldLeases")).as("JMX shows the first store, not the second")
                    .isEqualTo(0);
            Admission onFirst = first.admit(caller, Node.TRANSCRIBE);
            assertThat(onFirst.admitted()).as("the second store's slot counts in Redis for the fleet").isFalse();
            onFirst.settle(429, Usage.NONE, null);
            assertThat(first.projectSlots(caller)).as("the slot in Redis").isEqualTo(1);

            refused.close();

            assertThat(jmx.isRegistered(name)).as("the first store's metrics stay").isTrue();
            onSecond.settle(200, Usage.NONE, null);
            assertThat(first.projectSlots(caller)).as("the slot back in Redis").isZero();
            Admission again = first.admit(caller, Node.TRANSCRIBE);
            assertThat(again.admitted()).isTrue();
            assertThat(jmx.getAttribute(name, "HeldLeases")).isEqualTo(1);
            again.settle(200, Usage.NONE, null);
            assertThat(second.store.fallbacks() + first.store.fallbacks()).isZero();
        } finally {
            redis.stop();
        }
    }
}
