package dev.speechmeter.redis;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A {@link RedisLimitStore} registered with the platform MBean server for as long as it lives:
 * {@code register} when the store is made, {@code close} when it is closed.
 *
 * <pre>{@code
 * RedisLimitStoreMetrics metrics = RedisLimitStoreMetrics.register(store, settings, "speechmeter-sample");
 * // ... metrics.close() before store.close()
 * }</pre>
 */
public final class RedisLimitStoreMetrics implements RedisLimitStoreMXBean, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisLimitStoreMetrics.class.getName());

    private final RedisLimitStore store;
    private final RedisSettings settings;
    private final ObjectName name;
    private final boolean registered;

    private RedisLimitStoreMetrics(RedisLimitStore store, RedisSettings settings, ObjectName name,
                                   boolean registered) {
        this.store = store;
        this.settings = settings;
        this.name = name;
        this.registered = registered;
    }

    /**
     * Registers {@code store} as {@code dev.speechmeter:type=RedisLimitStore,application=<application>}.
     * A name taken already (the same application deployed twice) is logged, not thrown: the
     * store works the same without its metrics.
     */
    public static RedisLimitStoreMetrics register(RedisLimitStore store, RedisSettings settings, String application) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = nameOf(application);
        RedisLimitStoreMetrics metrics = new RedisLimitStoreMetrics(store, settings, name, true);
        try {
            server.registerMBean(metrics, name);
            return metrics;
        } catch (JMException e) {
            LOG.log(System.Logger.Level.WARNING, "The Redis store's metrics could not be registered as " + name
                    + ": " + e.getMessage());
            return new RedisLimitStoreMetrics(store, settings, name, false);
        }
    }

    /** The JMX name of the store of {@code application}. */
    public static ObjectName nameOf(String application) {
        try {
            return new ObjectName("dev.speechmeter:type=RedisLimitStore,application=" + ObjectName.quote(application));
        } catch (JMException e) {
            throw new IllegalArgumentException("not usable in a JMX name: " + application, e);
        }
    }

    @Override
    public boolean isRedisReachable() {
        return store.redisReachable();
    }

    @Override
    public long getFallbacks() {
        return store.fallbacks();
    }

    @Override
    public int getHeldLeases() {
        return store.heldLeases();
    }

    @Override
    public long getRestoredLeases() {
        return store.restoredLeases();
    }

    @Override
    public String getUri() {
        return settings.safeUri();
    }

    @Override
    public String getOnFailure() {
        return settings.onFailure().propertyValue();
    }

    /** Unregisters the store's metrics. */
    @Override
    public void close() {
        if (!registered) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(System.Logger.Level.DEBUG, "The Redis store's metrics were unregistered already: " + name);
        }
    }
}
