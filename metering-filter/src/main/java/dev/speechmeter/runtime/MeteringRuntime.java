package dev.speechmeter.runtime;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.RecoveredJob;
import dev.speechmeter.internal.engine.IdempotentRequests;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.micrometer.MicrometerEvents;
import dev.speechmeter.internal.http.ErrorRenderers;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.ErrorRenderer;
import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.JobRegistry;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.ModelPriceTable;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.UsageLedger;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one metering runtime of an application: its engine, the gate every metered request passes,
 * and the error renderer, built from a {@link MeteringConfig} and the backends it meters against.
 * It knows no container: the servlet filter, the WebSocket helper, the REST resources and the
 * {@code @Metered} interceptor all take it; with CDI it is produced from MicroProfile Config and
 * the backend beans, without CDI an application builds it once, for example in a
 * {@code ServletContextListener}:
 *
 * <pre>{@code
 * MeteringRuntime runtime = MeteringRuntime.builder(MeteringConfig.fromProperties(settings::getProperty))
 *         .keys(keyDirectory)
 *         .ledger(usageLedger)
 *         .build();
 * context.addFilter("speechmeter", new MeteringFilter(runtime));
 * }</pre>
 *
 * <p>What the builder is not given has its default, made here and nowhere else: the system
 * clock, limits kept in this server's memory, the configured prices, no capacities, the
 * configured error style, and no meters.
 */
public final class MeteringRuntime {

    private static final System.Logger LOG = System.getLogger(MeteringRuntime.class.getName());

    private final MeteringEngine engine;
    private final ErrorRenderer errorRenderer;
    private final RequestGate gate;
    private final Supplier<String> clientAddress;
    private final Set<String> annotatedPaths;
    private final String errorStyle;
    private final AtomicBoolean announced = new AtomicBoolean();
    private final IdempotentRequests idempotency;

    private MeteringRuntime(Builder builder) {
        InstantSource clock = builder.clock != null ? builder.clock : InstantSource.system();
        MeteringConfig config = builder.config;
        this.engine = MeteringEngine.create(config, required(builder.keys, KeyDirectory.class),
                required(builder.ledger, UsageLedger.class),
                builder.capacities != null ? builder.capacities : CapacityLedger.NONE,
                builder.prices != null ? builder.prices : new ModelPriceTable(config.prices()),
                builder.limits != null ? builder.limits : LimitStore.local(clock, config.limiterCacheSize()),
                clock, builder.events);
        this.errorRenderer = builder.errorRenderer != null ? builder.errorRenderer
                : ErrorRenderers.of(config.errorStyle(), config.docsBase());
        this.errorStyle = builder.errorRenderer != null ? renderer(builder.errorRenderer)
                : StartupLine.lower(config.errorStyle());
        this.gate = new RequestGate(engine);
        engine.jobs().start(builder.jobs != null ? builder.jobs : JobRegistry.inMemory(), builder.recoveredJobs);
        this.clientAddress = builder.clientAddress;
        this.annotatedPaths = Set.copyOf(builder.annotatedPaths);
        this.idempotency = idempotency(builder.idempotency, clock, config);
    }

    private MeteringRuntime(MeteringEngine engine, ErrorRenderer errorRenderer) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.errorRenderer = Objects.requireNonNull(errorRenderer, "errorRenderer");
        this.gate = new RequestGate(engine);
        this.clientAddress = () -> null;
        this.annotatedPaths = Set.of();
        this.errorStyle = renderer(errorRenderer);
        this.idempotency = idempotency(null, engine.clock(), engine.config());
    }

    /** The largest number of idempotency keys kept in memory when no store is given. */
    static final long LOCAL_IDEMPOTENCY_KEYS = 100_000;

    private static IdempotentRequests idempotency(IdempotencyStore store, InstantSource clock, MeteringConfig config) {
        return new IdempotentRequests(store != null ? store : IdempotencyStore.local(clock, LOCAL_IDEMPOTENCY_KEYS),
                clock, config.idempotencyRetention(), config.idempotencyLease());
    }

    private static String renderer(ErrorRenderer renderer) {
        return "by " + renderer.getClass().getName();
    }

    /** A runtime around an engine made already, such as one shared with another runtime. */
    public static MeteringRuntime of(MeteringEngine engine, ErrorRenderer errorRenderer) {
        return new MeteringRuntime(engine, errorRenderer);
    }

    /** A runtime configured by {@code config}; give it at least its keys and its ledger. */
    public static Builder builder(MeteringConfig config) {
        return new Builder(config);
    }

    public MeteringEngine engine() {
        return engine;
    }

    /** The door every metered HTTP request passes: key, input checks, admission. */
    public RequestGate gate() {
        return gate;
    }

    /** What decides on submits that carry an {@code Idempotency-Key}. */
    public IdempotentRequests idempotency() {
        return idempotency;
    }

    public ErrorRenderer errorRenderer() {
        return errorRenderer;
    }

    /** The paths of the JAX-RS resources metered by {@code @Metered}, up to their first template. */
    public Set<String> annotatedPaths() {
        return annotatedPaths;
    }

    /**
     * Logs, at INFO and once in this runtime's life (once per deployment), what it meters and how:
     * {@code endpoints} as a door declared them, the paths metered by {@code @Metered}, the default
     * limits, where limits are kept, the durability of usage and the error style. It holds no
     * secret. With CDI it is called when the web application starts; the servlet filter calls it
     * too when it starts, which logs nothing more once the line was logged.
     */
    public void announce(List<String> endpoints) {
        if (announced.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, StartupLine.of(this, endpoints, errorStyle));
        }
    }

    /**
     * The address of the client of the HTTP request being served on this thread, for limiting its
     * failed authentications; null outside one, or when the runtime was not told how to find it.
     */
    public String clientAddress() {
        return clientAddress.get();
    }

    private static <T> T required(T backend, Class<T> type) {
        if (backend == null) {
            throw ConfigurationException.missing("a " + type.getSimpleName(),
                    "add metering-jpa to the deployment, or give the runtime your own " + type.getName());
        }
        return backend;
    }

    /** Builds a {@link MeteringRuntime}; each backend it is not given has its default. */
    public static final class Builder {

        private final MeteringConfig config;
        private KeyDirectory keys;
        private UsageLedger ledger;
        private CapacityLedger capacities;
        private PriceTable prices;
        private ErrorRenderer errorRenderer;
        private InstantSource clock;
        private LimitStore limits;
        private Supplier<String> clientAddress = () -> null;
        private Set<String> annotatedPaths = Set.of();
        private JobRegistry jobs;
        private Consumer<RecoveredJob> recoveredJobs = recovered -> { };
        private IdempotencyStore idempotency;
        private MeteringEvents events = MeteringEvents.NONE;

        private Builder(MeteringConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Where keys are looked up. Required. */
        public Builder keys(KeyDirectory keys) {
            this.keys = keys;
            return this;
        }

        /** Where usage entries go. Required. */
        public Builder ledger(UsageLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        /** The capacities to enforce; none by default. */
        public Builder capacities(CapacityLedger capacities) {
            this.capacities = capacities;
            return this;
        }

        /** The prices of usage; by default those of {@code speechmeter.prices}. */
        public Builder prices(PriceTable prices) {
            this.prices = prices;
            return this;
        }

        /** How errors are worded; by default as {@code speechmeter.errors.style} says. */
        public Builder errorRenderer(ErrorRenderer errorRenderer) {
            this.errorRenderer = errorRenderer;
            return this;
        }

        /** The clock; the system's by default. */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Where request-rate and concurrency state lives, such as a store a fleet shares; by
         * default this server's memory.
         */
        public Builder limits(LimitStore limits) {
            this.limits = limits;
            return this;
        }

        /** How to find the client address of the request being served, for the failed-authentication limit. */
        public Builder clientAddress(Supplier<String> clientAddress) {
            this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
            return this;
        }

        /** The paths of the resources metered by {@code @Metered}, whose errors the filter words too. */
        public Builder annotatedPaths(Set<String> annotatedPaths) {
            this.annotatedPaths = Objects.requireNonNull(annotatedPaths, "annotatedPaths");
            return this;
        }

        /**
         * Where open metered jobs are kept, so that the jobs of a server that stops are taken over
         * by another; by default this server's memory, where they end with the server.
         */
        public Builder jobs(JobRegistry jobs) {
            this.jobs = jobs;
            return this;
        }

        /**
         * What to do with a job taken over from a stopped server: resume it
         * ({@link RecoveredJob#resume()}), or leave it to fail. By default every such job fails.
         */
        public Builder onRecoveredJob(Consumer<RecoveredJob> handler) {
            this.recoveredJobs = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Where idempotency keys are kept, such as a store a fleet shares; by default this
         * server's memory.
         */
        public Builder idempotency(IdempotencyStore idempotency) {
            this.idempotency = idempotency;
            return this;
        }

        /**
         * Where the runtime registers its meters ({@code speechmeter.*}: admissions, refusals,
         * slots in use, the usage queue and journal, key look-ups); none by default. The meters
         * stay in the registry as long as it lives. Only this method needs Micrometer: a runtime
         * built without it loads no Micrometer class.
         *
         * <pre>{@code
         * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
         * MeteringRuntime runtime = MeteringRuntime.builder(config).keys(keys).ledger(ledger)
         *         .meterRegistry(registry)
         *         .build();
         * }</pre>
         */
        public Builder meterRegistry(MeterRegistry registry) {
            return events(MicrometerEvents.on(registry));
        }

        /**
         * What the engine reports its events to, such as the meters {@link #meterRegistry} makes;
         * null for nowhere, the default.
         */
        public Builder events(MeteringEvents events) {
            this.events = events != null ? events : MeteringEvents.NONE;
            return this;
        }

        public MeteringRuntime build() {
            return new MeteringRuntime(this);
        }
    }
}
