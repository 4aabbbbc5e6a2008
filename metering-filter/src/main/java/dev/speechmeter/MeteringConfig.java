package dev.speechmeter;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.ModelPrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
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
 * <pre>{@code
 * MeteringConfig config = MeteringConfig.builder()
 *         .organizationDefault(Limits.REQUESTS_PER_MINUTE, Cap.atMost(100))
 *         .projectDefault(Limits.concurrent("transcribe"), Cap.atMost(10))
 *         .build();
 *
 * // or from properties named as in docs/configuration.md
 * MeteringConfig config = MeteringConfig.fromProperties(System::getProperty);
 * }</pre>
 */
public final class MeteringConfig {

    public static final String PREFIX = "speechmeter.";
    public static final String POOLS = PREFIX + "pools";
    public static final String TEMPORARY_KEY_USAGE_TYPES = PREFIX + "temporary-keys.usage-types";
    public static final String ORGANIZATION_LIMIT_PREFIX = PREFIX + "limits.organization.";
    public static final String PROJECT_LIMIT_PREFIX = PREFIX + "limits.project.";
    public static final String KEY_CACHE_TTL = PREFIX + "key-cache.ttl-seconds";
    public static final String KEY_CACHE_SIZE = PREFIX + "key-cache.max-size";
    public static final String LIMITER_CACHE_SIZE = PREFIX + "limiter-cache.max-size";
    public static final String CONCURRENCY_RETRY_AFTER = PREFIX + "concurrency.retry-after-seconds";
    public static final String MAX_REQUEST_BYTES = PREFIX + "max-request-bytes";
    public static final String AUTH_FAILURES_PER_MINUTE = PREFIX + "auth.failures-per-minute";
    public static final String TEMPORARY_KEY_SECRET = PREFIX + "temporary-keys.secret";
    public static final String STREAM_CONFIGURATION_TIMEOUT = PREFIX + "streams.configuration-timeout-seconds";
    public static final String STREAM_IDLE_TIMEOUT = PREFIX + "streams.idle-timeout-seconds";
    public static final String DOCS_BASE = PREFIX + "errors.docs-base";
    public static final String ERROR_STYLE = PREFIX + "errors.style";
    public static final String DURABILITY = PREFIX + "usage.durability";
    public static final String PRICED_MODELS = PREFIX + "prices.models";
    /** Followed by {@code <model>.<price name>}, one of {@link #PRICE_NAMES}. */
    public static final String PRICE_PREFIX = PREFIX + "prices.";
    public static final List<String> PRICE_NAMES = List.of("input-audio-per-hour", "output-audio-per-hour",
            "input-text-per-million", "output-text-per-million",
            "input-audio-tokens-per-million", "output-audio-tokens-per-million");

    /** The request rate every speech API has by default (Soniox: 100 a minute). */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 100;

    private static final Pattern POOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern SCOPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final List<String> pools;
    private final Set<String> temporaryKeyUsageTypes;
    private final Limits organizationDefaults;
    private final Limits projectDefaults;
    private final Duration keyCacheTtl;
    private final long keyCacheSize;
    private final long limiterCacheSize;
    private final Duration concurrencyRetryAfter;
    private final long maxRequestBytes;
    private final int authFailuresPerMinute;
    private final byte[] temporaryKeySecret;
    private final Duration streamConfigurationTimeout;
    private final Duration streamIdleTimeout;
    private final String docsBase;
    private final ErrorStyle errorStyle;
    private final Map<String, ModelPrice> prices;
    private final Durability durability;

    private MeteringConfig(Builder builder) {
        this.pools = List.copyOf(builder.pools);
        this.temporaryKeyUsageTypes = builder.temporaryKeyUsageTypes;
        this.organizationDefaults = Limits.of(builder.organizationDefaults);
        this.projectDefaults = Limits.of(builder.projectDefaults);
        this.keyCacheTtl = builder.keyCacheTtl;
        this.keyCacheSize = builder.keyCacheSize;
        this.limiterCacheSize = builder.limiterCacheSize;
        this.concurrencyRetryAfter = builder.concurrencyRetryAfter;
        this.maxRequestBytes = builder.maxRequestBytes;
        this.authFailuresPerMinute = builder.authFailuresPerMinute;
        this.temporaryKeySecret = builder.temporaryKeySecret;
        this.streamConfigurationTimeout = builder.streamConfigurationTimeout;
        this.streamIdleTimeout = builder.streamIdleTimeout;
        this.docsBase = builder.docsBase;
        this.errorStyle = builder.errorStyle;
        this.prices = Map.copyOf(builder.prices);
        this.durability = builder.durability;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static MeteringConfig defaults() {
        return builder().build();
    }

    /**
     * Reads every {@code speechmeter.*} setting through {@code lookup} (null = not set).
     *
     * @param lookup gives a property's value, or null
     * @throws ConfigurationException naming the first bad property and its value
     */
    public static MeteringConfig fromProperties(Function<String, String> lookup) {
        SettingsReader read = new SettingsReader(lookup);
        Builder builder = builder();
        String pools = lookup.apply(POOLS);
        if (pools != null) {
            builder.pools(List.of(pools.trim().split("\\s*,\\s*")));
        }
        String usageTypes = lookup.apply(TEMPORARY_KEY_USAGE_TYPES);
        if (usageTypes != null) {
            builder.temporaryKeyUsageTypes(List.of(usageTypes.trim().split("\\s*,\\s*")));
        }
        for (String limit : builder.limitNames()) {
            readCap(lookup, ORGANIZATION_LIMIT_PREFIX + limit).ifPresent(cap -> builder.organizationDefault(limit, cap));
            readCap(lookup, PROJECT_LIMIT_PREFIX + limit).ifPresent(cap -> builder.projectDefault(limit, cap));
        }
        read.seconds(KEY_CACHE_TTL).ifPresent(builder::keyCacheTtl);
        read.positiveLong(KEY_CACHE_SIZE).ifPresent(builder::keyCacheSize);
        read.positiveLong(LIMITER_CACHE_SIZE).ifPresent(builder::limiterCacheSize);
        read.seconds(CONCURRENCY_RETRY_AFTER).ifPresent(builder::concurrencyRetryAfter);
        read.positiveLong(MAX_REQUEST_BYTES).ifPresent(builder::maxRequestBytes);
        read.positiveInt(AUTH_FAILURES_PER_MINUTE).ifPresent(builder::authFailuresPerMinute);
        String secret = lookup.apply(TEMPORARY_KEY_SECRET);
        if (secret != null && !secret.isBlank()) {
            builder.temporaryKeySecret(base64Secret(secret));
        }
        read.seconds(STREAM_CONFIGURATION_TIMEOUT).ifPresent(builder::streamConfigurationTimeout);
        read.seconds(STREAM_IDLE_TIMEOUT).ifPresent(builder::streamIdleTimeout);
        read.text(DOCS_BASE).ifPresent(builder::docsBase);
        String errorStyle = lookup.apply(ERROR_STYLE);
        if (errorStyle != null) {
            builder.errorStyle(ErrorStyle.parse(ERROR_STYLE, errorStyle));
        }
        read.choice(DURABILITY, Durability.class).ifPresent(builder::durability);
        String models = lookup.apply(PRICED_MODELS);
        if (models != null && !models.isBlank()) {
            for (String model : models.trim().split("\\s*,\\s*")) {
                builder.price(model, readPrice(lookup, model));
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static Optional<Cap> readCap(Function<String, String> lookup, String property) {
        String value = lookup.apply(property);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Cap.parse(value));
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(property, value, "a whole number >= 0 or 'none'");
        }
    }

    /** The secret's value is never repeated in a message: it would end up in a log. */
    private static byte[] base64Secret(String value) {
        try {
            return Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid value for " + TEMPORARY_KEY_SECRET
                    + ": expected the secret in base64, e.g. from 'openssl rand -base64 32'");
        }
    }

    private static ModelPrice readPrice(Function<String, String> lookup, String model) {
        BigDecimal[] parts = new BigDecimal[PRICE_NAMES.size()];
        for (int i = 0; i < parts.length; i++) {
            String property = PRICE_PREFIX + model + "." + PRICE_NAMES.get(i);
            String value = lookup.apply(property);
            parts[i] = value == null ? BigDecimal.ZERO : decimal(property, value);
        }
        return new ModelPrice(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    private static BigDecimal decimal(String property, String value) {
        try {
            BigDecimal parsed = new BigDecimal(value.trim());
            if (parsed.signum() >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, naming the property
        }
        throw ConfigurationException.invalid(property, value, "a decimal number of USD >= 0, e.g. 0.12");
    }

    /** Every limit an organization or project can have: the request rate and one per pool. */
    public List<String> limitNames() {
        return limitNamesOf(pools);
    }

    /** The request rate and one concurrency limit per pool. */
    private static List<String> limitNamesOf(List<String> pools) {
        List<String> names = new ArrayList<>();
        names.add(Limits.REQUESTS_PER_MINUTE);
        pools.forEach(pool -> names.add(Limits.concurrent(pool)));
        return List.copyOf(names);
    }

    /** The request scopes a temporary key may be minted for (SPEC section 6). */
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

    public Duration concurrencyRetryAfter() {
        return concurrencyRetryAfter;
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

    /** The configured price of each model; usage of other models costs nothing. */
    public Map<String, ModelPrice> prices() {
        return prices;
    }

    /** The validating builder of {@link MeteringConfig}. */
    public static final class Builder {

        private List<String> pools = List.of("transcribe", "tts");
        private Set<String> temporaryKeyUsageTypes = Set.of("transcribe_websocket", "tts_rt");
        private final Map<String, Cap> organizationDefaults = new LinkedHashMap<>();
        private final Map<String, Cap> projectDefaults = new LinkedHashMap<>();
        private Duration keyCacheTtl = Duration.ofSeconds(10);
        private long keyCacheSize = 100_000;
        private long limiterCacheSize = 1_000_000;
        private Duration concurrencyRetryAfter = Duration.ofSeconds(1);
        private long maxRequestBytes = 512L * 1024 * 1024;
        private int authFailuresPerMinute = 60;
        private byte[] temporaryKeySecret;
        private Duration streamConfigurationTimeout = Duration.ofSeconds(10);
        private Duration streamIdleTimeout = Duration.ofSeconds(20);
        private String docsBase;
        private ErrorStyle errorStyle = ErrorStyle.SONIOX;
        private final Map<String, ModelPrice> prices = new LinkedHashMap<>();
        private Durability durability = Durability.SYNC;

        private Builder() {
            organizationDefaults.put(Limits.REQUESTS_PER_MINUTE, Cap.atMost(DEFAULT_REQUESTS_PER_MINUTE));
            projectDefaults.put(Limits.REQUESTS_PER_MINUTE, Cap.atMost(DEFAULT_REQUESTS_PER_MINUTE));
        }

        public Builder pools(List<String> pools) {
            for (String pool : pools) {
                if (!POOL_NAME.matcher(pool).matches()) {
                    throw ConfigurationException.invalid(POOLS, String.join(",", pools),
                            "pool names of lower-case letters, digits and '_', starting with a letter");
                }
            }
            if (pools.isEmpty() || pools.stream().distinct().count() != pools.size()) {
                throw ConfigurationException.invalid(POOLS, String.join(",", pools), "distinct pool names");
            }
            this.pools = List.copyOf(pools);
            return this;
        }

        public Builder temporaryKeyUsageTypes(Collection<String> usageTypes) {
            for (String usageType : usageTypes) {
                if (!SCOPE_NAME.matcher(usageType).matches()) {
                    throw ConfigurationException.invalid(TEMPORARY_KEY_USAGE_TYPES, String.join(",", usageTypes),
                            "request scopes of lower-case letters, digits and '_', starting with a letter");
                }
            }
            this.temporaryKeyUsageTypes = Collections.unmodifiableSet(new TreeSet<>(usageTypes));
            return this;
        }

        public Builder organizationDefault(String limitName, Cap cap) {
            organizationDefaults.put(Objects.requireNonNull(limitName), Objects.requireNonNull(cap));
            return this;
        }

        public Builder projectDefault(String limitName, Cap cap) {
            projectDefaults.put(Objects.requireNonNull(limitName), Objects.requireNonNull(cap));
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

        public Builder concurrencyRetryAfter(Duration retryAfter) {
            this.concurrencyRetryAfter = positive(CONCURRENCY_RETRY_AFTER, retryAfter);
            return this;
        }

        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = positive(MAX_REQUEST_BYTES, bytes);
            return this;
        }

        public Builder authFailuresPerMinute(int failures) {
            this.authFailuresPerMinute = (int) positive(AUTH_FAILURES_PER_MINUTE, failures);
            return this;
        }

        /** @param secret at least 32 bytes, shared by every server that must accept the same temporary keys */
        public Builder temporaryKeySecret(byte[] secret) {
            if (secret.length < KeyDirectory.MIN_SECRET_BYTES) {
                throw new ConfigurationException("Invalid value for " + TEMPORARY_KEY_SECRET + ": expected at least "
                        + KeyDirectory.MIN_SECRET_BYTES + " bytes, got " + secret.length);
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

        public Builder price(String model, ModelPrice price) {
            if (model == null || model.isBlank()) {
                throw ConfigurationException.invalid(PRICED_MODELS, String.valueOf(model), "model names");
            }
            prices.put(model, Objects.requireNonNull(price, "price"));
            return this;
        }

        public MeteringConfig build() {
            checkLimitNames(ORGANIZATION_LIMIT_PREFIX, organizationDefaults);
            checkLimitNames(PROJECT_LIMIT_PREFIX, projectDefaults);
            return new MeteringConfig(this);
        }

        private List<String> limitNames() {
            return limitNamesOf(pools);
        }

        private void checkLimitNames(String prefix, Map<String, Cap> defaults) {
            for (String name : defaults.keySet()) {
                if (!limitNames().contains(name)) {
                    throw new ConfigurationException("Unknown limit " + prefix + name + ": expected "
                            + Limits.REQUESTS_PER_MINUTE + " or <pool>_concurrent for a pool in " + POOLS + " " + pools);
                }
            }
        }

        private static Duration positive(String property, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw ConfigurationException.invalid(property, String.valueOf(value), "a positive duration");
            }
            return value;
        }

        private static long positive(String property, long value) {
            if (value <= 0) {
                throw ConfigurationException.invalid(property, String.valueOf(value), "a whole number > 0");
            }
            return value;
        }
    }
}
