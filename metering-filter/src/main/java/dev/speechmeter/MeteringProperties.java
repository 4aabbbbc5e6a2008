package dev.speechmeter;

import java.util.List;

/**
 * The names of the settings Speechmeter's core reads, all in one place, as
 * {@code docs/configuration.md} lists them. The store modules name their own settings beside
 * their code ({@code speechmeter.usage.*}, {@code speechmeter.schema.mode} and
 * {@code speechmeter.redis.*}).
 *
 * <pre>{@code
 * System.setProperty(MeteringProperties.POOLS, "transcribe,tts,translate");
 * MeteringConfig config = MeteringConfig.fromProperties(System::getProperty);
 * }</pre>
 */
public final class MeteringProperties {

    public static final String PREFIX = "speechmeter.";
    public static final String POOLS = PREFIX + "pools";
    public static final String ENDPOINTS = PREFIX + "endpoints";
    /** Comma-separated {@link ApiGroup} names, lower case; {@code all} for every group. */
    public static final String REST_GROUPS = PREFIX + "rest.groups";
    /** A path such as {@code /metering} that Speechmeter's own REST endpoints answer under; none by default. */
    public static final String REST_PREFIX = PREFIX + "rest.prefix";
    public static final String TEMPORARY_KEY_USAGE_TYPES = PREFIX + "temporary-keys.usage-types";
    /** Followed by {@code requests_per_minute} or {@code <pool>_concurrent}. */
    public static final String ORGANIZATION_LIMIT_PREFIX = PREFIX + "limits.organization.";
    /** Followed by {@code requests_per_minute} or {@code <pool>_concurrent}. */
    public static final String PROJECT_LIMIT_PREFIX = PREFIX + "limits.project.";
    public static final String KEY_CACHE_TTL = PREFIX + "key-cache.ttl-seconds";
    public static final String KEY_CACHE_SIZE = PREFIX + "key-cache.max-size";
    public static final String LIMITER_CACHE_SIZE = PREFIX + "limiter-cache.max-size";
    /** Periods (a minute, an hour or a day of one project's pool) the in-memory concurrency history keeps in all. */
    public static final String CONCURRENCY_HISTORY_MAX_PERIODS = PREFIX + "concurrency-history.max-periods";
    public static final String CONCURRENCY_RETRY_AFTER = PREFIX + "concurrency.retry-after-seconds";
    public static final String MAX_REQUEST_BYTES = PREFIX + "max-request-bytes";
    public static final String JOB_QUEUE_SIZE = PREFIX + "jobs.queue-size";
    public static final String AUTH_FAILURES_PER_MINUTE = PREFIX + "auth.failures-per-minute";
    public static final String TEMPORARY_KEY_SECRET = PREFIX + "temporary-keys.secret";
    public static final String STREAM_CONFIGURATION_TIMEOUT = PREFIX + "streams.configuration-timeout-seconds";
    public static final String STREAM_IDLE_TIMEOUT = PREFIX + "streams.idle-timeout-seconds";
    public static final String DOCS_BASE = PREFIX + "errors.docs-base";
    public static final String ERROR_STYLE = PREFIX + "errors.style";
    public static final String DURABILITY = PREFIX + "usage.durability";
    /** Hours an idempotency key is kept after its request, at least 24. */
    public static final String IDEMPOTENCY_RETENTION = PREFIX + "idempotency.retention-hours";
    /** Seconds a running request holds its idempotency key before another may take the key over. */
    public static final String IDEMPOTENCY_LEASE = PREFIX + "idempotency.lease-seconds";
    public static final String PRICED_MODELS = PREFIX + "prices.models";
    /** Followed by {@code <model>.<price name>}, one of {@link #PRICE_NAMES}. */
    public static final String PRICE_PREFIX = PREFIX + "prices.";
    public static final List<String> PRICE_NAMES = List.of("input-audio-per-hour", "output-audio-per-hour",
            "input-text-per-million", "output-text-per-million",
            "input-audio-tokens-per-million", "output-audio-tokens-per-million");

    private MeteringProperties() {
    }
}
