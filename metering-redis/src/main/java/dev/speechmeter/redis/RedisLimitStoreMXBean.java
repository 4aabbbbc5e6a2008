package dev.speechmeter.redis;

/**
 * What a server's {@link RedisLimitStore} shows to monitoring, through JMX as
 * {@code dev.speechmeter:type=RedisLimitStore,application=<application name>}: whether Redis
 * answers, how many decisions this server took alone while it did not, and how many of its slots
 * it put back into Redis after Redis lost them.
 *
 * <pre>{@code
 * # WildFly: bin/jconsole.sh, or any JMX exporter (e.g. for Prometheus) pointed at
 * dev.speechmeter:type=RedisLimitStore,application="ROOT"   (the sample, deployed as ROOT.war)
 * }</pre>
 */
public interface RedisLimitStoreMXBean {

    /** Whether the last command reached Redis. */
    boolean isRedisReachable();

    /** Decisions taken on this server alone because Redis could not be reached, since start. */
    long getFallbacks();

    /**
     * Concurrency slots this server holds in Redis and renews, with those it took alone while Redis
     * could not be reached (added at its next renewal).
     */
    int getHeldLeases();

    /**
     * Slots of requests still running that Redis had lost (a restart, a failover, an outage longer
     * than a lease) or never had (taken on this server alone while Redis could not be reached), and
     * that this server's renewal added, since start.
     */
    long getRestoredLeases();

    /** The Redis URI, without its password. */
    String getUri();

    /** {@code local} or {@code refuse}: what happens while Redis cannot be reached. */
    String getOnFailure();
}
