package dev.speechmeter;

import static dev.speechmeter.MeteringProperties.AUTH_FAILURES_PER_MINUTE;
import static dev.speechmeter.MeteringProperties.CONCURRENCY_HISTORY_MAX_PERIODS;
import static dev.speechmeter.MeteringProperties.CONCURRENCY_RETRY_AFTER;
import static dev.speechmeter.MeteringProperties.JOB_QUEUE_SIZE;
import static dev.speechmeter.MeteringProperties.DOCS_BASE;
import static dev.speechmeter.MeteringProperties.DURABILITY;
import static dev.speechmeter.MeteringProperties.ERROR_STYLE;
import static dev.speechmeter.MeteringProperties.KEY_CACHE_SIZE;
import static dev.speechmeter.MeteringProperties.KEY_CACHE_TTL;
import static dev.speechmeter.MeteringProperties.LIMITER_CACHE_SIZE;
import static dev.speechmeter.MeteringProperties.MAX_REQUEST_BYTES;
import static dev.speechmeter.MeteringProperties.ORGANIZATION_LIMIT_PREFIX;
import static dev.speechmeter.MeteringProperties.POOLS;
import static dev.speechmeter.MeteringProperties.PRICED_MODELS;
import static dev.speechmeter.MeteringProperties.PRICE_NAMES;
import static dev.speechmeter.MeteringProperties.PRICE_PREFIX;
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
import dev.speechmeter.spi.ModelPrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a {@link MeteringConfig} from properties in one pass: each value is turned from text into
 * its type here, and checked once, by the builder it is handed to.
 */
final class MeteringConfigReader {

    private final SettingsReader read;

    private MeteringConfigReader(Function<String, String> lookup) {
        this.read = new SettingsReader(lookup);
    }

    static MeteringConfig read(Function<String, String> lookup) {
        return new MeteringConfigReader(lookup).config();
    }

    private MeteringConfig config() {
        MeteringConfig.Builder builder = MeteringConfig.forPools(
                read.list(POOLS).orElse(MeteringConfig.DEFAULT_POOLS));
        read.list(TEMPORARY_KEY_USAGE_TYPES).ifPresent(builder::temporaryKeyUsageTypes);
        for (String limit : builder.limitNames()) {
            cap(ORGANIZATION_LIMIT_PREFIX + limit).ifPresent(cap -> builder.organizationDefault(limit, cap));
            cap(PROJECT_LIMIT_PREFIX + limit).ifPresent(cap -> builder.projectDefault(limit, cap));
        }
        read.wholeNumber(KEY_CACHE_TTL).map(Duration::ofSeconds).ifPresent(builder::keyCacheTtl);
        read.wholeNumber(KEY_CACHE_SIZE).ifPresent(builder::keyCacheSize);
        read.wholeNumber(LIMITER_CACHE_SIZE).ifPresent(builder::limiterCacheSize);
        read.wholeNumber(CONCURRENCY_HISTORY_MAX_PERIODS).ifPresent(builder::concurrencyHistoryMaxPeriods);
        read.wholeNumber(CONCURRENCY_RETRY_AFTER).map(Duration::ofSeconds).ifPresent(builder::concurrencyRetryAfter);
        read.positiveInt(JOB_QUEUE_SIZE).ifPresent(builder::jobQueueSize);
        read.wholeNumber(MAX_REQUEST_BYTES).ifPresent(builder::maxRequestBytes);
        read.wholeNumber(AUTH_FAILURES_PER_MINUTE).ifPresent(builder::authFailuresPerMinute);
        read.text(TEMPORARY_KEY_SECRET).map(MeteringConfigReader::base64Secret).ifPresent(builder::temporaryKeySecret);
        read.wholeNumber(STREAM_CONFIGURATION_TIMEOUT).map(Duration::ofSeconds)
                .ifPresent(builder::streamConfigurationTimeout);
        read.wholeNumber(STREAM_IDLE_TIMEOUT).map(Duration::ofSeconds).ifPresent(builder::streamIdleTimeout);
        read.text(DOCS_BASE).ifPresent(builder::docsBase);
        read.text(ERROR_STYLE).map(style -> ErrorStyle.parse(ERROR_STYLE, style)).ifPresent(builder::errorStyle);
        read.choice(DURABILITY, Durability.class).ifPresent(builder::durability);
        read.list(REST_GROUPS).map(MeteringConfigReader::restGroups).ifPresent(builder::restGroups);
        read.text(REST_PREFIX).ifPresent(builder::restPrefix);
        read.wholeNumber(IDEMPOTENCY_RETENTION).map(Duration::ofHours).ifPresent(builder::idempotencyRetention);
        read.wholeNumber(IDEMPOTENCY_LEASE).map(Duration::ofSeconds).ifPresent(builder::idempotencyLease);
        for (String model : read.list(PRICED_MODELS).orElse(List.of())) {
            builder.price(model, price(model));
        }
        return builder.build();
    }

    /** Group names, or {@code all}. */
    private static List<ApiGroup> restGroups(List<String> names) {
        if (names.equals(List.of("all"))) {
            return List.of(ApiGroup.values());
        }
        List<ApiGroup> groups = new ArrayList<>();
        for (String name : names) {
            groups.add(SettingsReader.choice(REST_GROUPS, name, ApiGroup.class));
        }
        return groups;
    }

    private Optional<Cap> cap(String property) {
        return read.text(property).map(value -> {
            try {
                return Cap.parse(value);
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalid(property, value, "a whole number >= 0 or 'none'");
            }
        });
    }

    /** The secret's value is never repeated in a message: it would end up in a log. */
    private static byte[] base64Secret(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalidSecret(TEMPORARY_KEY_SECRET,
                    "the secret in base64, e.g. from 'openssl rand -base64 32'");
        }
    }

    private ModelPrice price(String model) {
        BigDecimal[] parts = new BigDecimal[PRICE_NAMES.size()];
        for (int i = 0; i < parts.length; i++) {
            String property = PRICE_PREFIX + model + "." + PRICE_NAMES.get(i);
            parts[i] = read.text(property).map(value -> usd(property, value)).orElse(BigDecimal.ZERO);
        }
        return new ModelPrice(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    private static BigDecimal usd(String property, String value) {
        try {
            BigDecimal parsed = new BigDecimal(value);
            if (parsed.signum() >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, naming the property
        }
        throw ConfigurationException.invalid(property, value, "a decimal number of USD >= 0, e.g. 0.12");
    }
}
