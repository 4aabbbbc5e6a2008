package dev.speechmeter.cdi;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.engine.LocalLimitStore;
import dev.speechmeter.engine.MeteringEngine;
import dev.speechmeter.http.RequestGate;
import dev.speechmeter.http.ErrorRenderers;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.ErrorRenderer;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.ModelPriceTable;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.UsageLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.InstantSource;
import java.util.Set;

/**
 * The one engine of a deployment, built from its {@code speechmeter.*} configuration and the
 * backend beans it finds ({@link KeyDirectory}, {@link UsageLedger}, and optionally a
 * {@link CapacityLedger}, a {@link PriceTable}, an {@link ErrorRenderer}, an {@link InstantSource} and
 * a {@link LimitStore}, which a distributed store's module produces; without one, limits are kept in
 * this server's memory). The servlet filter,
 * the REST resources and the interceptor all meter through it.
 */
@ApplicationScoped
public class MeteringRuntime {

    private final MeteringEngine engine;
    private final ErrorRenderer errorRenderer;
    private final RequestGate gate;
    private final Instance<HttpServletRequest> requests;
    private final Set<String> annotatedPaths;

    @Inject
    public MeteringRuntime(MeteringConfig config, Instance<KeyDirectory> directory, Instance<UsageLedger> ledger,
                           Instance<CapacityLedger> capacities, Instance<PriceTable> prices,
                           Instance<ErrorRenderer> renderers, Instance<InstantSource> clocks,
                           Instance<LimitStore> limitStores, Instance<HttpServletRequest> requests,
                           Instance<MeteringExtension> extension) {
        InstantSource clock = optional(clocks, InstantSource.system());
        this.engine = MeteringEngine.create(config, required(directory, KeyDirectory.class),
                required(ledger, UsageLedger.class), optional(capacities, CapacityLedger.NONE),
                optional(prices, new ModelPriceTable(config.prices())),
                limitStores.isResolvable() ? limitStores.get() : new LocalLimitStore(clock, config.limiterCacheSize()),
                clock);
        this.errorRenderer = optional(renderers, ErrorRenderers.of(config.errorStyle(), config.docsBase()));
        this.gate = new RequestGate(engine);
        this.requests = requests;
        this.annotatedPaths = extension.isResolvable() ? Set.copyOf(extension.get().annotatedPaths()) : Set.of();
    }

    private MeteringRuntime(MeteringEngine engine, ErrorRenderer errorRenderer) {
        this.engine = engine;
        this.errorRenderer = errorRenderer;
        this.gate = new RequestGate(engine);
        this.requests = null;
        this.annotatedPaths = Set.of();
    }

    /** A runtime assembled by hand, for applications that meter without CDI. */
    public static MeteringRuntime of(MeteringEngine engine, ErrorRenderer errorRenderer) {
        return new MeteringRuntime(engine, errorRenderer);
    }

    /** For proxies only. */
    protected MeteringRuntime() {
        this.engine = null;
        this.errorRenderer = null;
        this.gate = null;
        this.requests = null;
        this.annotatedPaths = Set.of();
    }

    public MeteringEngine engine() {
        return engine;
    }

    /** The door every metered HTTP request passes: key, input checks, admission. */
    public RequestGate gate() {
        return gate;
    }

    public ErrorRenderer errorRenderer() {
        return errorRenderer;
    }

    /** The paths of the JAX-RS resources metered by {@code @Metered}, up to their first template. */
    public Set<String> annotatedPaths() {
        return annotatedPaths;
    }

    /**
     * The address of the client of the HTTP request being served on this thread, for limiting its
     * failed authentications; null outside one, or in a runtime assembled by hand.
     */
    public String clientAddress() {
        HttpServletRequest request = requests == null ? null : MeteringInterceptor.currentRequest(requests);
        return request == null ? null : request.getRemoteAddr();
    }

    private static <T> T required(Instance<T> instance, Class<T> type) {
        if (instance.isUnsatisfied()) {
            throw new dev.speechmeter.ConfigurationException("Speechmeter needs a " + type.getSimpleName()
                    + " bean: add metering-jpa to the deployment, or produce your own " + type.getName());
        }
        return instance.get();
    }

    private static <T> T optional(Instance<T> instance, T fallback) {
        return instance.isResolvable() ? instance.get() : fallback;
    }
}
