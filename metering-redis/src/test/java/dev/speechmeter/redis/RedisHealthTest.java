package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.cdi.MeteringConfigProducer;
import dev.speechmeter.health.HealthReport;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.testing.OneBeanArchive;
import jakarta.enterprise.inject.Any;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * {@code speechmeter-redis} against a real Redis, running and stopped: down only when requests
 * are refused without Redis; under {@code local} an unreachable Redis is data, not a reason to
 * take the server out.
 */
class RedisHealthTest {

    private static final Duration RECONNECTED_WITHIN = Duration.ofSeconds(30);

    @Test
    void underTheLocalPolicyAStoppedRedisIsShownButTheServerStaysReady() {
        TestRedis redis = TestRedis.started();
        try (RedisLimitStore store = store(redis.settings())) {
            Eventually.connected(store);
            HealthReport running = RedisHealth.of(store);

            redis.stop();
            HealthReport stopped = RedisHealth.of(store);

            redis.start();
            assertThat(Eventually.within(RECONNECTED_WITHIN, () -> RedisHealth.of(store).data().get("reachable")
                    .equals(true))).as("reachable again").isTrue();
            assertThat(running.up()).isTrue();
            assertThat(running.data()).containsEntry("reachable", true).containsEntry("on-failure", "local")
                    .containsEntry("uri", redis.uri()).containsEntry("fallbacks", 0L);
            assertThat(stopped.up()).as(stopped.toString()).isTrue();
            assertThat(stopped.data()).containsEntry("reachable", false);
            assertThat(store.redisReachable()).isTrue();
        } finally {
            redis.stop();
        }
    }

    @Test
    void underTheRefusePolicyAStoppedRedisMakesTheServerNotReadyUntilItIsBack() {
        TestRedis redis = TestRedis.started();
        try (RedisLimitStore store = store(redis.settings().withFailurePolicy(FailurePolicy.REFUSE))) {
            Eventually.connected(store);
            assertThat(RedisHealth.of(store).up()).isTrue();

            redis.stop();
            HealthReport stopped = RedisHealth.of(store);
            assertThat(store.redisReachable()).as("the check found the outage").isFalse();

            redis.start();
            assertThat(Eventually.within(RECONNECTED_WITHIN, () -> RedisHealth.of(store).up())).isTrue();
            assertThat(stopped.up()).isFalse();
            assertThat(stopped.data()).containsEntry("reachable", false).containsEntry("on-failure", "refuse");
        } finally {
            redis.stop();
        }
    }

    @Test
    void theRedisPasswordIsNeverShown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RedisSettings settings = RedisSettings.of("redis://:s3cret-password@127.0.0.1:" + closedPort)
                .withFailurePolicy(FailurePolicy.REFUSE);
        try (RedisLimitStore store = store(settings)) {
            HealthReport report = RedisHealth.of(store);

            assertThat(report.up()).isFalse();
            assertThat(report.data()).containsEntry("uri", "redis://***@127.0.0.1:" + closedPort);
            assertThat(report.data().toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void withMicroProfileHealthTheCheckIsABeanAndWithoutARedisUriItIsUp() {
        try (WeldContainer container = boot(OneBeanArchive.of(RedisLimitStoreProducer.class, true))) {
            HealthCheckResponse response = container.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call();

            assertThat(response.getName()).isEqualTo(RedisHealth.NAME);
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData().orElseThrow()).containsOnlyKeys("limits");
        }
    }

    @Test
    void withoutMicroProfileHealthThereIsNoCheckAndLimitsWork() {
        try (WeldContainer container = boot(OneBeanArchive.of(RedisLimitStoreProducer.class, false))) {
            Set<String> beans = container.getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
                    .map(bean -> bean.getBeanClass().getName()).collect(Collectors.toSet());

            assertThat(beans).contains(RedisLimitStoreProducer.class.getName())
                    .noneMatch(name -> name.startsWith("dev.speechmeter.redis.health."));
            assertThat(container.select(LimitStore.class).get().now()).isNotNull();
        }
    }

    @Test
    void theBeansXmlLeavesTheCheckOutOfDiscoveryWhereTheApiIsMissingAndOnlyThere() {
        OneBeanArchive without = OneBeanArchive.of(RedisLimitStoreProducer.class, false);
        OneBeanArchive with = OneBeanArchive.of(RedisLimitStoreProducer.class, true);

        assertThat(without.classNamesIn("dev.speechmeter.redis.health")).hasSize(1)
                .allMatch(without::excludes).noneMatch(with::excludes);
        assertThat(without.excludes(RedisLimitStoreProducer.class.getName())).isFalse();
    }

    private static WeldContainer boot(OneBeanArchive archive) {
        return new Weld().setClassLoader(archive).addBeanClasses(MeteringConfigProducer.class).initialize();
    }

    private static RedisLimitStore store(RedisSettings settings) {
        return RedisLimitStore.create(settings, TestRedis.RENEWALS, LimitStore.local(InstantSource.system(), 1_000));
    }
}
