package dev.speechmeter.redis;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.SettingsReader;
import dev.speechmeter.health.HealthReport;
import dev.speechmeter.spi.LimitStore;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import java.time.InstantSource;

/**
 * The deployment's {@link LimitStore} once this jar is in it: on Redis when
 * {@code speechmeter.redis.uri} is set, in this server's memory otherwise. Leases are renewed on
 * the server's default managed scheduled executor; the store's state is shown in JMX
 * ({@link RedisLimitStoreMXBean}) and, when the application has Micrometer and a
 * {@code MeterRegistry} bean, as meters there ({@link RedisMetersExtension}).
 *
 * <pre>{@code
 * # microprofile-config.properties, or -D on every server of the fleet
 * speechmeter.redis.uri=redis://redis.internal:6379
 * speechmeter.redis.on-failure=local
 * }</pre>
 */
@ApplicationScoped
public class RedisLimitStoreProducer {

    private static final System.Logger LOG = System.getLogger(RedisLimitStoreProducer.class.getName());

    private RedisLimitStoreMetrics metrics;
    private volatile RedisLimitStore store;

    /**
     * Reads the Redis settings when the application starts, so that a bad one fails the
     * deployment with a message naming it, not the first metered request; then makes the store,
     * so that its connection to Redis is opened while the application starts.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event, LimitStore store) {
        settings();
        store.now();
    }

    @Produces
    @ApplicationScoped
    LimitStore limitStore(MeteringConfig config, Instance<InstantSource> clocks,
                          Instance<RedisMetersExtension> meters, BeanManager beans) {
        InstantSource clock = clocks.isResolvable() ? clocks.get() : InstantSource.system();
        LimitStore local = LimitStore.local(clock, config.limiterCacheSize());
        RedisSettings settings = settings();
        if (settings == null) {
            return local;
        }
        LOG.log(System.Logger.Level.INFO, "Limits are shared through Redis at " + settings.safeUri()
                + "; while it cannot be reached: " + settings.onFailure().propertyValue());
        RedisLimitStore store = RedisLimitStore.create(settings,
                lookUp("java:comp/DefaultManagedScheduledExecutorService", ManagedScheduledExecutorService.class), local);
        metrics = RedisLimitStoreMetrics.register(store, settings, lookUp("java:app/AppName", String.class));
        if (meters.isResolvable()) {
            meters.get().watch(store, beans);
        }
        this.store = store;
        return store;
    }

    /** The health of the store's Redis ({@link RedisHealth}); up without Redis. */
    public HealthReport health() {
        RedisLimitStore current = store;
        return current == null ? RedisHealth.notConfigured() : RedisHealth.of(current);
    }

    /**
     * The server's default scheduler, and the application's name (which names the store's metrics
     * in JMX), looked up rather than injected with {@code @Resource}: Payara fails the deployment
     * of a bean in {@code WEB-INF/lib} that it creates while the application starts with such a
     * field.
     */
    private static <T> T lookUp(String name, Class<T> type) {
        try {
            return type.cast(InitialContext.doLookup(name));
        } catch (NamingException e) {
            throw new IllegalStateException("The server binds nothing at " + name + ": " + e, e);
        }
    }

    /** The settings of this deployment; null when no Redis URI is set. */
    private static RedisSettings settings() {
        return RedisSettings.fromProperties(SettingsReader.deploymentLookup(Thread.currentThread().getContextClassLoader()));
    }

    void close(@Disposes LimitStore store) {
        if (metrics != null) {
            metrics.close();
        }
        store.close();
    }
}
