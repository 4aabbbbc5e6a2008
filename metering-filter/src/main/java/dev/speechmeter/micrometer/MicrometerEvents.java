package dev.speechmeter.micrometer;

import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.internal.engine.UsageJournal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Speechmeter's meters in a Micrometer {@link MeterRegistry}, kept up to date from the engine's
 * {@link MeteringEvents}. Tags are few and bounded by configuration: the endpoint's request scope
 * and pool, which limit and which level refused, an outcome. No tag ever carries a key, an
 * organization or project id, a client reference or a path.
 *
 * <pre>{@code
 * MeteringRuntime runtime = MeteringRuntime.builder(config).keys(keys).ledger(ledger)
 *         .meterRegistry(registry)   // makes MicrometerEvents.on(registry)
 *         .build();
 * }</pre>
 *
 * <p>{@link #close()} removes every meter it registered, for a registry that outlives the
 * application (a server's).
 */
public final class MicrometerEvents implements MeteringEvents, AutoCloseable {

    /** What is written to tags that do not apply, such as the pool of an endpoint that has none. */
    static final String NONE = "none";
    private static final Duration FASTEST_WRITE = Duration.ofMillis(1);
    private static final Duration SLOWEST_WRITE = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    /** By endpoint, so that an admission, on every metered request, makes no tags once its counter exists. */
    private final Map<MeteredEndpoint, Counter> admitted = new ConcurrentHashMap<>();
    private final Map<Tags, Counter> refused = new ConcurrentHashMap<>();
    private final Counter keyHits;
    private final Counter keyMisses;
    private final Counter temporaryKeys;
    private final Map<BatchOutcome, Timer> batchWrites = new EnumMap<>(BatchOutcome.class);
    private final DistributionSummary batchSize;

    private MicrometerEvents(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.keyHits = keyCache("hit");
        this.keyMisses = keyCache("miss");
        this.temporaryKeys = add(Counter.builder("speechmeter.temporary.keys.minted")
                .description("Temporary keys minted").register(registry));
        for (BatchOutcome outcome : BatchOutcome.values()) {
            batchWrites.put(outcome, add(Timer.builder("speechmeter.usage.batch.writes")
                    .description("Batches of usage entries handed to the database in one transaction, by outcome")
                    .tag("outcome", lower(outcome))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(FASTEST_WRITE)
                    .maximumExpectedValue(SLOWEST_WRITE)
                    .register(registry)));
        }
        this.batchSize = add(DistributionSummary.builder("speechmeter.usage.batch.size")
                .description("Usage entries per batch the database committed")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(10_000.0)
                .register(registry));
    }

    /** The meters of a runtime, in {@code registry}. */
    public static MicrometerEvents on(MeterRegistry registry) {
        return new MicrometerEvents(registry);
    }

    /** As {@link #on(MeterRegistry)}, for a caller that names no Micrometer type: {@code registry} is a {@code MeterRegistry}. */
    public static MicrometerEvents onRegistry(Object registry) {
        return on((MeterRegistry) registry);
    }

    private Counter keyCache(String result) {
        return add(Counter.builder("speechmeter.key.cache.gets")
                .description("API key look-ups answered by the key cache (hit) or by the key directory (miss)")
                .tag("result", result)
                .register(registry));
    }

    @Override
    public void watch(MeteringEngine engine) {
        for (String pool : engine.config().pools()) {
            add(Gauge.builder("speechmeter.slots.in.use", engine, held -> held.heldSlots(pool))
                    .description("Concurrency slots held by requests on this server")
                    .tag("pool", pool)
                    .register(registry));
        }
    }

    @Override
    public void watch(BatchingLedger ledger) {
        add(Gauge.builder("speechmeter.usage.queued", ledger, BatchingLedger::queued)
                .description("Usage entries waiting to be written to the database")
                .register(registry));
        add(Gauge.builder("speechmeter.usage.outage", ledger, watched -> watched.outage() ? 1 : 0)
                .description("1 while the database does not take usage entries and they wait in the journal")
                .register(registry));
        add(FunctionCounter.builder("speechmeter.usage.rejected", ledger, BatchingLedger::rejected)
                .description("Usage entries the database rejected; each was logged at ERROR")
                .register(registry));
        add(FunctionCounter.builder("speechmeter.usage.journaled", ledger, BatchingLedger::journaled)
                .description("Usage entries set aside in the journal while the database could not take them")
                .register(registry));
        add(FunctionCounter.builder("speechmeter.usage.lost", ledger, BatchingLedger::lost)
                .description("Usage entries neither stored nor journaled; each was logged at ERROR")
                .register(registry));
        UsageJournal journal = ledger.journal();
        if (journal != null) {
            add(Gauge.builder("speechmeter.usage.journal.entries", journal, UsageJournal::pendingRecords)
                    .description("Usage entries in the journal, waiting to be written back to the database")
                    .register(registry));
            add(Gauge.builder("speechmeter.usage.journal.size", journal, UsageJournal::sizeBytes)
                    .description("What the journal takes on disk")
                    .baseUnit("bytes")
                    .register(registry));
        }
    }

    @Override
    public void admitted(MeteredEndpoint endpoint) {
        admitted.computeIfAbsent(endpoint, key -> add(Counter.builder("speechmeter.requests.admitted")
                .description("Requests admitted, or queued to wait for a slot")
                .tags("scope", key.requestScope(), "pool", orNone(key.pool()))
                .register(registry))).increment();
    }

    @Override
    public void refused(MeteredEndpoint endpoint, Rejection rejection) {
        refusal(endpoint, lower(rejection.limit()), rejection.level().wireName());
    }

    @Override
    public void unavailable(MeteredEndpoint endpoint, Unavailable what) {
        refusal(endpoint, lower(what) + "_unavailable", NONE);
    }

    private void refusal(MeteredEndpoint endpoint, String limit, String level) {
        Tags tags = Tags.of("scope", endpoint.requestScope(), "pool", orNone(endpoint.pool()), "limit", limit,
                "level", level);
        refused.computeIfAbsent(tags, key -> add(Counter.builder("speechmeter.requests.refused")
                .description("Requests refused, by the limit and the level that refused them")
                .tags(key)
                .register(registry))).increment();
    }

    @Override
    public void keyLookedUp(boolean cached) {
        (cached ? keyHits : keyMisses).increment();
    }

    @Override
    public void temporaryKeyMinted() {
        temporaryKeys.increment();
    }

    @Override
    public void batchWritten(int entries, long nanos, BatchOutcome outcome) {
        batchWrites.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
        if (outcome == BatchOutcome.STORED) {
            batchSize.record(entries);
        }
    }

    /** Removes every meter this registered from the registry. */
    @Override
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }

    private <M extends Meter> M add(M meter) {
        registered.add(meter);
        return meter;
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
