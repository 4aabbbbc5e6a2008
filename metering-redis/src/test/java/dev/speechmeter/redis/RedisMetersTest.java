package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.cdi.MeterRegistryBean;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.redis.micrometer.RedisMeters;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** The Redis store's meters: round trips, reachability, fallbacks and leases, as Redis comes and goes. */
class RedisMetersTest {

    @Test
    void roundTripsAreTimedAndFallbacksCountedWhileRedisIsAway() {
        TestRedis redis = TestRedis.started();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Node node = Node.onServerTime(redis.settings()).connected()) {
            RedisMeters meters = RedisMeters.register(node.store, registry);
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                    Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100)));
            Admission held = node.admit(caller, Node.TRANSCRIBE);

            assertThat(registry.get("speechmeter.redis.round.trips").timer().count()).isPositive();
            assertThat(registry.get("speechmeter.redis.round.trips").timer().totalTime(TimeUnit.NANOSECONDS))
                    .isPositive();
            assertThat(registry.get("speechmeter.redis.reachable").gauge().value()).isEqualTo(1);
            assertThat(registry.get("speechmeter.redis.leases.held").gauge().value()).isEqualTo(1);
            assertThat(registry.get("speechmeter.redis.fallbacks").functionCounter().count()).isZero();
            assertThat(registry.get("speechmeter.redis.leases.restored").functionCounter().count()).isZero();

            redis.stop();
            long answered = registry.get("speechmeter.redis.round.trips").timer().count();
            node.admit(caller, Node.NO_POOL).settle(200, Usage.NONE, null);

            assertThat(registry.get("speechmeter.redis.reachable").gauge().value()).isZero();
            assertThat(registry.get("speechmeter.redis.fallbacks").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("speechmeter.redis.round.trips").timer().count())
                    .as("a command without an answer is not a round trip").isEqualTo(answered);

            held.settle(200, Usage.NONE, null);
            meters.close();
            assertThat(registry.getMeters()).isEmpty();
        } finally {
            redis.stop();
        }
    }

    @Test
    void inCdiTheStoreIsMeteredInTheApplicationsRegistryBeanUntilTheApplicationStops() {
        TestRedis redis = TestRedis.started();
        try (RedisLimitStore store = RedisLimitStore.create(redis.settings(), TestRedis.RENEWALS,
                new LocalLimitStore(InstantSource.system(), 1_000))) {
            MeterRegistry registry;
            try (WeldContainer container = new Weld().disableDiscovery().addExtension(new RedisMetersExtension())
                    .addBeanClasses(MeterRegistryBean.class).initialize()) {
                registry = container.select(MeterRegistry.class).get();
                container.select(RedisMetersExtension.class).get().watch(store, container.getBeanManager());

                assertThat(registry.find("speechmeter.redis.fallbacks").functionCounter()).isNotNull();
                assertThat(registry.get("speechmeter.redis.reachable").gauge().value()).isEqualTo(1);
            }
            assertThat(registry.getMeters()).as("taken out when the application stops").isEmpty();
        } finally {
            redis.stop();
        }
    }
}
