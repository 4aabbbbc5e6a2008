package dev.speechmeter.redis;

/**
 * What a server's {@link RedisLimitStore} shows to monitoring, through JMX as
 * {@code dev.speechmeter:type=RedisLimitStore,application=<application name>}: whether Redis
 * answers, and how many decisions this server took alone while it did not.
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

    /** Concurrency slots this server holds in Redis and renews. */
    int getHeldLeases();

    /** The Redis URI, without its password. */
    String getUri();

    /** {@code local} or {@code refuse}: what happens while Redis cannot be reached. */
    String getOnFailure();
}
