package dev.speechmeter;

import static dev.speechmeter.MeteringProperties.AUTH_FAILURES_PER_MINUTE;
import static dev.speechmeter.MeteringProperties.CONCURRENCY_HISTORY_MAX_PERIODS;
import static dev.speechmeter.MeteringProperties.CONCURRENCY_RETRY_AFTER;
import static dev.speechmeter.MeteringProperties.JOB_QUEUE_SIZE;
import static dev.speechmeter.MeteringProperties.KEY_CACHE_SIZE;
import static dev.speechmeter.MeteringProperties.KEY_CACHE_TTL;
import static dev.speechmeter.MeteringProperties.LIMITER_CACHE_SIZE;
import static dev.speechmeter.MeteringProperties.MAX_REQUEST_BYTES;
import static dev.speechmeter.MeteringProperties.ORGANIZATION_LIMIT_PREFIX;
import static dev.speechmeter.MeteringProperties.POOLS;
import static dev.speechmeter.MeteringProperties.PRICED_MODELS;
import static dev.speechmeter.MeteringProperties.PROJECT_LIMIT_PREFIX;
import static dev.speechmeter.MeteringProperties.REST_GROUPS;
import static dev.speechmeter.MeteringProperties.REST_PREFIX;
import static dev.speechmeter.MeteringProperties.STREAM_CONFIGURATION_TIMEOUT;
import static dev.speechmeter.MeteringProperties.STREAM_IDLE_TIMEOUT;
import static dev.speechmeter.MeteringProperties.IDEMPOTENCY_LEASE;
import static dev.speechmeter.MeteringProperties.IDEMPOTENCY_RETENTION;
import static dev.speechmeter.MeteringProperties.TEMPORARY_KEY_SECRET;
import static dev.speechmeter.MeteringProperties.TEMPORARY_KEY_USAGE_TYPES;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.ModelPrice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything Speechmeter needs to know before the first request, immutable once built. Limits set
 * on an organization or project in the key directory win over the defaults here.
 *
 * <p>The builder has two stages: the concurrency pools come first, because they decide which
 * limits exist; every later setting is checked as it is set, so a mistake fails at the line that
 * made it, worded by {@link ConfigurationException} and naming the property of
 * {@link MeteringProperties} it stands for.
 *
 * <pre>{@code
 * MeteringConfig config = MeteringConfig.forPools(List.of("transcribe", "tts"))
 *         .organizationDefault(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100))
 *         .projectDefault(Limits.concurrent("transcribe"), Cap.atMost(10))
 *         .build();
 *
 * // or from properties named as in docs/configuration.md
 * MeteringConfig config = MeteringConfig.fromProperties(System::getProperty);
 * }</pre>
 */
public final class MeteringConfig {

    /** The request rate every speech API has by default (Soniox: 100 a minute). */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 100;

    /** The pools of {@link #builder()}: one for transcription, one for speech synthesis. */
    public static final List<String> DEFAULT_POOLS = List.of("transcribe", "tts");

    private static final Pattern POOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern SCOPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern REST_PREFIX_FORM = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.{1,2}(?=/|$)");
    private static final int MAX_REST_PREFIX_LENGTH = 200;

    private final List<String> pools;
    private final List<String> limitNames;
    private final Set<String> temporaryKeyUsageTypes;
    private final Limits organizationDefaults;
    private final Limits projectDefaults;
    private final Duration keyCacheTtl;
    private final long keyCacheSize;
    private final long limiterCacheSize;
    private final long concurrencyHistoryMaxPeriods;
    private final Duration concurrencyRetryAfter;
    private final int jobQueueSize;
    private final long maxRequestBytes;
    private final int authFailuresPerMinute;
    private final byte[] temporaryKeySecret;
    private final Duration streamConfigurationTimeout;
    private final Duration streamIdleTimeout;
    private final String docsBase;
    private final ErrorStyle errorStyle;
    private final Map<String, ModelPrice> prices;
    private final Durability durability;
    private final Set<ApiGroup> restGroups;
    private final String restPrefix;
    private final Duration idempotencyRetention;
    private final Duration idempotencyLease;

    private MeteringConfig(Builder builder) {
        this.pools = builder.pools;
        this.limitNames = builder.limitNames;
        this.temporaryKeyUsageTypes = builder.temporaryKeyUsageTypes;
        this.organizationDefaults = Limits.of(builder.organizationDefaults);
        this.projectDefaults = Limits.of(builder.projectDefaults);
        this.keyCacheTtl = builder.keyCacheTtl;
        this.keyCacheSize = builder.keyCacheSize;
        this.limiterCacheSize = builder.limiterCacheSize;
        this.concurrencyHistoryMaxPeriods = builder.concurrencyHistoryMaxPeriods;
        this.concurrencyRetryAfter = builder.concurrencyRetryAfter;
        this.jobQueueSize = builder.jobQueueSize;
        this.maxRequestBytes = builder.maxRequestBytes;
        this.authFailuresPerMinute = builder.authFailuresPerMinute;
        this.temporaryKeySecret = builder.temporaryKeySecret;
        this.streamConfigurationTimeout = builder.streamConfigurationTimeout;
        this.streamIdleTimeout = builder.streamIdleTimeout;
        this.docsBase = builder.docsBase;
        this.errorStyle = builder.errorStyle;
        this.prices = Map.copyOf(builder.prices);
        this.durability = builder.durability;
        this.restGroups = builder.restGroups;
        this.restPrefix = builder.restPrefix;
        this.idempotencyRetention = builder.idempotencyRetention;
        this.idempotencyLease = builder.idempotencyLease;
    }

    /** A builder on the {@link #DEFAULT_POOLS}. */
    public static Builder builder() {
        return forPools(DEFAULT_POOLS);
    }

    /**
     * The first stage: the concurrency pools endpoints may be mapped to, each with a
     * {@code <pool>_concurrent} limit.
     *
     * @throws ConfigurationException when a name is not lower-case letters, digits and '_', or repeats
     */
    public static Builder forPools(List<String> pools) {
        for (String pool : pools) {
            if (pool == null || !POOL_NAME.matcher(pool).matches()) {
                throw ConfigurationException.invalid(POOLS, String.join(",", pools),
                        "pool names of lower-case letters, digits and '_', starting with a letter");
            }
        }
        if (pools.isEmpty() || pools.stream().distinct().count() != pools.size()) {
            throw ConfigurationException.invalid(POOLS, String.join(",", pools), "distinct pool names");
        }
        return new Builder(pools);
    }

    public static MeteringConfig defaults() {
        return builder().build();
    }

    /**
     * Reads every {@code speechmeter.*} setting through {@code lookup} (null = not set), with the
     * names of {@link MeteringProperties}.
     *
     * @param lookup gives a property's value, or null
     * @throws ConfigurationException naming the first bad property and its value
     */
    public static MeteringConfig fromProperties(Function<String, String> lookup) {
        return MeteringConfigReader.read(lookup);
    }

    /** Every limit an organization or project can have: the request rate and one per pool. */
    public List<String> limitNames() {
        return limitNames;
    }

    /** The request scopes a temporary key may be minted for. */
    public Set<String> temporaryKeyUsageTypes() {
        return temporaryKeyUsageTypes;
    }

    /** The concurrency pools endpoints may be mapped to; each has a {@code <pool>_concurrent} limit. */
    public List<String> pools() {
        return pools;
    }

    /** The default cap of a limit at organization level. */
    public Cap organizationDefault(String limitName) {
        Cap cap = organizationDefaults.get(limitName);
        return cap != null ? cap : Cap.unlimited();
    }

    /** The default cap of a limit at project level. */
    public Cap projectDefault(String limitName) {
        Cap cap = projectDefaults.get(limitName);
        return cap != null ? cap : Cap.unlimited();
    }

    public Duration keyCacheTtl() {
        return keyCacheTtl;
    }

    public long keyCacheSize() {
        return keyCacheSize;
    }

    public long limiterCacheSize() {
        return limiterCacheSize;
    }

    /** The most periods the in-memory concurrency history keeps, all projects and pools together. */
    public long concurrencyHistoryMaxPeriods() {
        return concurrencyHistoryMaxPeriods;
    }

    public Duration concurrencyRetryAfter() {
        return concurrencyRetryAfter;
    }

    /** The most jobs of one project that wait for a slot of one pool; beyond, a submit is refused. */
    public int jobQueueSize() {
        return jobQueueSize;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Failed authentications one client address may have a minute before it is refused look-ups. */
    public int authFailuresPerMinute() {
        return authFailuresPerMinute;
    }

    /**
     * The secret temporary keys are signed with, when the deployer sets one (from a credential
     * store or the environment); empty when the key directory's own is used.
     */
    public Optional<byte[]> temporaryKeySecret() {
        return Optional.ofNullable(temporaryKeySecret).map(byte[]::clone);
    }

    /** How long a stream may stay open without its configuration message before it is closed. */
    public Duration streamConfigurationTimeout() {
        return streamConfigurationTimeout;
    }

    /** How long a configured stream may go without any message (audio or text) before it is closed. */
    public Duration streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /** Base of the {@code more_info} link of error bodies, or null to leave {@code more_info} out. */
    public String docsBase() {
        return docsBase;
    }

    public ErrorStyle errorStyle() {
        return errorStyle;
    }

    public Durability durability() {
        return durability;
    }

    /** How long an idempotency key and its response are kept after its request: 24 hours or more. */
    public Duration idempotencyRetention() {
        return idempotencyRetention;
    }

    /**
     * How long a request still running holds its idempotency key: after that, another request with
     * the key may take it over, so that a server that died mid-request does not hold it for ever.
     */
    public Duration idempotencyLease() {
        return idempotencyLease;
    }

    /** The groups of Speechmeter's own REST endpoints that answer; the others answer {@code 404}. */
    public Set<ApiGroup> restGroups() {
        return restGroups;
    }

    /**
     * The path under the application's path that Speechmeter's own REST endpoints answer under,
     * such as {@code /metering}; empty for none, the default. With one, they answer {@code 404}
     * at their paths without it.
     */
    public String restPrefix() {
        return restPrefix;
    }

    /** The configured price of each model; usage of other models costs nothing. */
    public Map<String, ModelPrice> prices() {
        return prices;
    }

    /**
     * The second stage, once the pools are known: every setting has a default and is checked as
     * it is set.
     */
    public static final class Builder {

        private final List<String> pools;
        private final List<String> limitNames;
        private Set<String> temporaryKeyUsageTypes = Set.of("transcribe_websocket", "tts_rt");
        private final Map<String, Cap> organizationDefaults = new LinkedHashMap<>();
        private final Map<String, Cap> projectDefaults = new LinkedHashMap<>();
        private Duration keyCacheTtl = Duration.ofSeconds(10);
        private long keyCacheSize = 100_000;
        private long limiterCacheSize = 1_000_000;
        private long concurrencyHistoryMaxPeriods = 1_000_000;
        private Duration concurrencyRetryAfter = Duration.ofSeconds(1);
        private int jobQueueSize = 100;
        private long maxRequestBytes = 512L * 1024 * 1024;
        private int authFailuresPerMinute = 60;
        private byte[] temporaryKeySecret;
        private Duration streamConfigurationTimeout = Duration.ofSeconds(10);
        private Duration streamIdleTimeout = Duration.ofSeconds(20);
        private String docsBase;
        private ErrorStyle errorStyle = ErrorStyle.SONIOX;
        private final Map<String, ModelPrice> prices = new LinkedHashMap<>();
        private Durability durability = Durability.SYNC;
        private Set<ApiGroup> restGroups = Set.of();
        private String restPrefix = "";
        private Duration idempotencyRetention = Duration.ofHours(24);
        private Duration idempotencyLease = Duration.ofMinutes(15);

        private Builder(List<String> pools) {
            this.pools = List.copyOf(pools);
            List<String> names = new ArrayList<>();
            names.add(Limits.REQUESTS_PER_MINUTE);
            pools.forEach(pool -> names.add(Limits.concurrent(pool)));
            this.limitNames = List.copyOf(names);
            organizationDefaults.put(Limits.REQUESTS_PER_MINUTE, Cap.atMost(DEFAULT_REQUESTS_PER_MINUTE));
            projectDefaults.put(Limits.REQUESTS_PER_MINUTE, Cap.atMost(DEFAULT_REQUESTS_PER_MINUTE));
        }

        /** Every limit the pools of this builder give: the request rate and one per pool. */
        public List<String> limitNames() {
            return limitNames;
        }

        public Builder temporaryKeyUsageTypes(Collection<String> usageTypes) {
            for (String usageType : usageTypes) {
                if (usageType == null || !SCOPE_NAME.matcher(usageType).matches()) {
                    throw ConfigurationException.invalid(TEMPORARY_KEY_USAGE_TYPES, String.join(",", usageTypes),
                            "request scopes of lower-case letters, digits and '_', starting with a letter");
                }
            }
            this.temporaryKeyUsageTypes = Collections.unmodifiableSet(new TreeSet<>(usageTypes));
            return this;
        }

        /** @param limitName {@link Limits#REQUESTS_PER_MINUTE} or {@code <pool>_concurrent} of a pool of this builder */
        public Builder organizationDefault(String limitName, Cap cap) {
            organizationDefaults.put(knownLimit(ORGANIZATION_LIMIT_PREFIX, limitName), Objects.requireNonNull(cap));
            return this;
        }

        /** @param limitName {@link Limits#REQUESTS_PER_MINUTE} or {@code <pool>_concurrent} of a pool of this builder */
        public Builder projectDefault(String limitName, Cap cap) {
            projectDefaults.put(knownLimit(PROJECT_LIMIT_PREFIX, limitName), Objects.requireNonNull(cap));
            return this;
        }

        /** Sets the same default at both levels. */
        public Builder defaultLimit(String limitName, Cap cap) {
            return organizationDefault(limitName, cap).projectDefault(limitName, cap);
        }

        public Builder keyCacheTtl(Duration ttl) {
            this.keyCacheTtl = positive(KEY_CACHE_TTL, ttl);
            return this;
        }

        public Builder keyCacheSize(long size) {
            this.keyCacheSize = positive(KEY_CACHE_SIZE, size);
            return this;
        }

        public Builder limiterCacheSize(long size) {
            this.limiterCacheSize = positive(LIMITER_CACHE_SIZE, size);
            return this;
        }

        public Builder concurrencyHistoryMaxPeriods(long periods) {
            this.concurrencyHistoryMaxPeriods = positive(CONCURRENCY_HISTORY_MAX_PERIODS, periods);
            return this;
        }

        public Builder concurrencyRetryAfter(Duration retryAfter) {
            this.concurrencyRetryAfter = positive(CONCURRENCY_RETRY_AFTER, retryAfter);
            return this;
        }

        public Builder jobQueueSize(int size) {
            this.jobQueueSize = (int) positive(JOB_QUEUE_SIZE, size);
            return this;
        }

        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = positive(MAX_REQUEST_BYTES, bytes);
            return this;
        }

        /** @param failures from 1 to 1,000,000 */
        public Builder authFailuresPerMinute(long failures) {
            if (failures < 1 || failures > 1_000_000) {
                throw ConfigurationException.invalid(AUTH_FAILURES_PER_MINUTE, Long.toString(failures),
                        "a whole number from 1 to 1000000");
            }
            this.authFailuresPerMinute = (int) failures;
            return this;
        }

        /** @param secret at least 32 bytes, shared by every server that must accept the same temporary keys */
        public Builder temporaryKeySecret(byte[] secret) {
            if (secret.length < KeyDirectory.MIN_SECRET_BYTES) {
                throw ConfigurationException.invalidSecret(TEMPORARY_KEY_SECRET,
                        "at least " + KeyDirectory.MIN_SECRET_BYTES + " bytes, got " + secret.length);
            }
            this.temporaryKeySecret = secret.clone();
            return this;
        }

        public Builder streamConfigurationTimeout(Duration timeout) {
            this.streamConfigurationTimeout = positive(STREAM_CONFIGURATION_TIMEOUT, timeout);
            return this;
        }

        public Builder streamIdleTimeout(Duration timeout) {
            this.streamIdleTimeout = positive(STREAM_IDLE_TIMEOUT, timeout);
            return this;
        }

        public Builder docsBase(String docsBase) {
            this.docsBase = docsBase;
            return this;
        }

        public Builder errorStyle(ErrorStyle errorStyle) {
            this.errorStyle = Objects.requireNonNull(errorStyle, "errorStyle");
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /** Turns on these groups of Speechmeter's own REST endpoints (none by default). */
        public Builder restGroups(Collection<ApiGroup> groups) {
            EnumSet<ApiGroup> chosen = EnumSet.noneOf(ApiGroup.class);
            chosen.addAll(groups);
            this.restGroups = Collections.unmodifiableSet(chosen);
            return this;
        }

        /**
         * Puts Speechmeter's own REST endpoints under {@code prefix} ({@code /metering}: then
         * {@code /metering/v1/usage-logs}); empty for none. One or more segments of letters,
         * digits, {@code -}, {@code _}, {@code .} and {@code ~}, each after a {@code /}, none of
         * them {@code .} or {@code ..}, at most 200 characters.
         */
        public Builder restPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty() && (prefix.length() > MAX_REST_PREFIX_LENGTH
                    || !REST_PREFIX_FORM.matcher(prefix).matches() || DOT_SEGMENT.matcher(prefix).find())) {
                throw ConfigurationException.invalid(REST_PREFIX, prefix,
                        "a path such as /metering: segments of letters, digits, '-', '_', '.' and '~', each after "
                                + "a '/', none of them '.' or '..', no '/' at the end, at most "
                                + MAX_REST_PREFIX_LENGTH + " characters");
            }
            this.restPrefix = prefix;
            return this;
        }

        /** How long idempotency keys are kept: whole hours, at least 24 (the default). */
        public Builder idempotencyRetention(Duration retention) {
            if (retention == null || retention.compareTo(Duration.ofHours(24)) < 0
                    || !retention.equals(Duration.ofHours(retention.toHours()))) {
                throw ConfigurationException.invalid(IDEMPOTENCY_RETENTION,
                        retention == null ? "null" : String.valueOf(retention.toHours()), "a whole number of hours >= 24");
            }
            this.idempotencyRetention = retention;
            return this;
        }

        /** How long a running request holds its idempotency key; 15 minutes by default. */
        public Builder idempotencyLease(Duration lease) {
            this.idempotencyLease = positive(IDEMPOTENCY_LEASE, lease);
            return this;
        }

        public Builder price(String model, ModelPrice price) {
            if (model == null || model.isBlank()) {
                throw ConfigurationException.invalid(PRICED_MODELS, String.valueOf(model), "model names");
            }
            prices.put(model, Objects.requireNonNull(price, "price"));
            return this;
        }

        public MeteringConfig build() {
            return new MeteringConfig(this);
        }

        private String knownLimit(String prefix, String name) {
            if (!limitNames.contains(Objects.requireNonNull(name, "limitName"))) {
                throw ConfigurationException.unknown(prefix + name, Limits.REQUESTS_PER_MINUTE
                        + " or <pool>_concurrent for a pool in " + POOLS + " " + pools);
            }
            return name;
        }

        private static Duration positive(String property, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw ConfigurationException.invalid(property, inSeconds(value), "a whole number of seconds > 0");
            }
            return value;
        }

        /** A duration as its property spells it, in seconds. */
        private static String inSeconds(Duration value) {
            return value == null || value.getNano() != 0 ? String.valueOf(value) : Long.toString(value.getSeconds());
        }

        private static long positive(String property, long value) {
            if (value <= 0) {
                throw ConfigurationException.invalid(property, String.valueOf(value), "a whole number > 0");
            }
            return value;
        }
    }
}
