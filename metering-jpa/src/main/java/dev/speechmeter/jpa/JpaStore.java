package dev.speechmeter.jpa;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.SettingsReader;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.JobRegistry;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.time.InstantSource;

/**
 * The JPA store in a Jakarta EE server: when the application starts, looks up the data source
 * {@code speechmeter.datasource} names (by default {@code java:comp/DefaultDataSource}), prepares
 * Speechmeter's tables in it ({@link StoreSettings}), opens the {@code speechmeter} persistence
 * unit on it ({@link SpeechmeterUnit}, which no {@code persistence.xml} declares, so the
 * application's own units stay the only ones the server sees), then produces the
 * {@link KeyDirectory}, {@link UsageLedger}, {@link UsageLog}, {@link RequestLog},
 * {@link CapacityLedger}, {@link TenantAdmin} and {@link IdempotencyStore} over it
 * ({@link JpaBackends}, with the server's
 * transactions). Usage entries are written by one group-commit writer on a container thread
 * (durability per {@code speechmeter.usage.durability}).
 *
 * <pre>{@code
 * @Inject KeyDirectory directory;   // from this store, once metering-jpa is in WEB-INF/lib
 * @Inject TenantAdmin admin;
 * }</pre>
 *
 * <p>A data source name that finds nothing fails the deployment, naming the setting. Time comes
 * from an {@link InstantSource} bean when the application has one, else the system clock. The
 * usage writer reports to the {@link MeteringEvents} bean when there is one (the meters of an
 * application that has Micrometer).
 */
@ApplicationScoped
public class JpaStore {

    @Inject
    MeteringConfig config;

    @Inject
    Instance<InstantSource> clocks;

    /** Speechmeter's meters, when the application has Micrometer. */
    @Inject
    Instance<MeteringEvents> events;

    private JpaBackends backends;

    @PostConstruct
    void start() {
        StoreSettings settings =
                StoreSettings.fromProperties(SettingsReader.deploymentLookup(Thread.currentThread().getContextClassLoader()));
        backends = JpaBackends.inServer(ServerNaming.dataSource(settings.dataSource()),
                ServerNaming.standard(ServerNaming.USER_TRANSACTION, UserTransaction.class),
                ServerNaming.standard(ServerNaming.TRANSACTION_REGISTRY, TransactionSynchronizationRegistry.class),
                config, settings, ServerNaming.standard(ServerNaming.APPLICATION_NAME, String.class),
                ServerNaming.standard(ServerNaming.THREAD_FACTORY, ManagedThreadFactory.class),
                clocks.isResolvable() ? clocks.get() : InstantSource.system());
        if (events.isResolvable()) {
            backends.reportTo(events.get());
        }
    }

    /** Writes every usage entry still queued, and closes the persistence unit, before the application stops. */
    @PreDestroy
    void stop() {
        if (backends != null) {
            backends.close();
        }
    }

    /** The store's health, which its MicroProfile Health checks report where the server has MicroProfile Health. */
    public StoreHealth health() {
        return backends.health();
    }

    /**
     * Observing the start of the application makes the container create this bean then, so a
     * schema that cannot be migrated fails the deployment rather than the first request.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Nothing to do: being called is the point.
    }

    @Produces
    @ApplicationScoped
    KeyDirectory keyDirectory() {
        return backends.keyDirectory();
    }

    @Produces
    @ApplicationScoped
    UsageLedger usageLedger() {
        return backends.usageLedger();
    }

    @Produces
    @ApplicationScoped
    UsageLog usageLog() {
        return backends.usageLog();
    }

    @Produces
    @ApplicationScoped
    RequestLog requestLog() {
        return backends.requestLog();
    }

    @Produces
    @ApplicationScoped
    CapacityLedger capacityLedger() {
        return backends.capacityLedger();
    }

    @Produces
    @ApplicationScoped
    TenantAdmin tenantAdmin() {
        return backends.tenantAdmin();
    }

    @Produces
    @ApplicationScoped
    JobRegistry jobRegistry() {
        return backends.jobRegistry();
    }

    @Produces
    @ApplicationScoped
    IdempotencyStore idempotencyStore() {
        return backends.idempotencyStore();
    }
}
