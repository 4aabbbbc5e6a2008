package dev.speechmeter.cdi;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.RecoveredJob;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.servlet.MeteringFilter;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.ErrorRenderer;
import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.JobRegistry;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.UsageLedger;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * Produces the deployment's one {@link MeteringRuntime} from its {@code speechmeter.*}
 * configuration and the backend beans it finds: a {@link KeyDirectory} and a {@link UsageLedger}
 * (metering-jpa produces both), and, when the application has them, a {@link CapacityLedger}, a
 * {@link PriceTable}, an {@link ErrorRenderer}, an {@link InstantSource}, a {@link LimitStore}
 * (a distributed store's module produces one), a {@link JobRegistry} and an
 * {@link IdempotencyStore} (metering-jpa produces both). What is missing has the runtime's
 * default. Jobs taken over from a stopped server are fired as {@link RecoveredJob} events. The
 * engine reports to the {@link MeteringEvents} produced here: the meters of the application's
 * {@code MeterRegistry} bean when it has Micrometer and one, else nowhere.
 */
@ApplicationScoped
public class MeteringRuntimeProducer {

    /** The parts the runtime takes one bean of, when the application has one. */
    static final List<Class<?>> PARTS = List.of(KeyDirectory.class, UsageLedger.class, CapacityLedger.class,
            PriceTable.class, ErrorRenderer.class, InstantSource.class, LimitStore.class, JobRegistry.class,
            IdempotencyStore.class);

    @Produces
    @Singleton
    MeteringRuntime runtime(MeteringConfig config, Instance<KeyDirectory> keys, Instance<UsageLedger> ledgers,
                            Instance<CapacityLedger> capacities, Instance<PriceTable> prices,
                            Instance<ErrorRenderer> renderers, Instance<InstantSource> clocks,
                            Instance<LimitStore> limitStores, Instance<HttpServletRequest> requests,
                            Instance<MeteringExtension> extension, Instance<JobRegistry> jobRegistries,
                            Event<RecoveredJob> recoveredJobs, Instance<IdempotencyStore> idempotency,
                            MeteringEvents events, BeanManager beans) {
        MeteringRuntime.Builder builder = MeteringRuntime.builder(config)
                .keys(single(keys, beans))
                .ledger(single(ledgers, beans))
                .capacities(single(capacities, beans))
                .prices(single(prices, beans))
                .errorRenderer(single(renderers, beans))
                .clock(single(clocks, beans))
                .clientAddress(() -> {
                    HttpServletRequest request = MeteringInterceptor.currentRequest(requests);
                    return request == null ? null : request.getRemoteAddr();
                })
                .annotatedPaths(extension.isResolvable() ? Set.copyOf(extension.get().annotatedPaths()) : Set.of())
                .idempotency(single(idempotency, beans))
                .events(events);
        builder.jobs(single(jobRegistries, beans)).onRecoveredJob(recoveredJobs::fire);
        LimitStore limits = single(limitStores, beans);
        if (limits != null) {
            builder.limits(limits);
        }
        return builder.build();
    }

    /** Where the engine and the usage writer report: {@link MeteringExtension#events}. */
    @Produces
    @Singleton
    MeteringEvents events(Instance<MeteringExtension> extension, BeanManager beans) {
        return extension.isResolvable() ? extension.get().events(beans) : MeteringEvents.NONE;
    }

    /**
     * Logs the start-up line when a web application starts, with the endpoints its metering
     * filters map (read from their registrations: a container may start a filter only at its
     * first request). Outside a web application the filter logs it when it starts.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class) Object event,
                 Instance<MeteringRuntime> runtime) {
        if (event instanceof ServletContext context) {
            MeteringRuntime started = runtime.get();
            started.announce(MeteringFilter.meteredEndpoints(context, started.engine().config().pools()));
        }
    }

    /**
     * The application's one bean of this part, or null for the runtime's default. Two beans of
     * one part never get here: {@link MeteringExtension} fails the deployment first. The engine
     * calls these parts on every request: an application-scoped bean is taken as itself, not
     * through its client proxy, which would look it up in its context and call it by reflection
     * on each call. It lives as long as the application, as the runtime does.
     */
    private static <T> T single(Instance<T> instance, BeanManager beans) {
        if (!instance.isResolvable()) {
            return null;
        }
        Instance.Handle<T> handle = instance.getHandle();
        Bean<T> bean = handle.getBean();
        if (bean.getScope() != ApplicationScoped.class) {
            return handle.get();
        }
        return beans.getContext(ApplicationScoped.class).get(bean, beans.createCreationalContext(bean));
    }
}
