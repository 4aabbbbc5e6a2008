package dev.speechmeter.jpa;

import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageLog;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.engine.BatchingLedger;
import dev.speechmeter.engine.UsageJournal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import javax.sql.DataSource;

/**
 * The JPA store in a Jakarta EE server: migrates the schema of the {@code speechmeter}
 * persistence unit's database when the application starts, then produces the
 * {@link KeyDirectory}, {@link UsageLedger}, {@link UsageLog}, {@link RequestLog},
 * {@link CapacityLedger} and {@link TenantAdmin} over it. Usage entries are
 * written by one group-commit writer on a container thread (durability per
 * {@code speechmeter.usage.durability}).
 *
 * <pre>{@code
 * @Inject KeyDirectory directory;   // from this store, once metering-jpa is in WEB-INF/lib
 * @Inject TenantAdmin admin;
 * }</pre>
 *
 * <p>Time comes from an {@link InstantSource} bean when the application has one, else the
 * system clock.
 */
@ApplicationScoped
public class JpaStore {

    private static final System.Logger LOG = System.getLogger(JpaStore.class.getName());

    private static final Duration PUSH_BACK = Duration.ofSeconds(30);

    @PersistenceUnit(unitName = "speechmeter")
    EntityManagerFactory entityManagerFactory;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction userTransaction;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactionRegistry;

    /** The usage writer's thread comes from the container, never from {@code new Thread}. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    @Inject
    MeteringConfig config;

    @Inject
    Instance<InstantSource> clocks;

    private Transactions transactions;
    private InstantSource clock;
    private UsageJournal journal;
    private BatchingLedger ledger;

    @PostConstruct
    void start() {
        SchemaMigrator.migrate(dataSource);
        transactions = new JtaTransactions(entityManagerFactory, userTransaction, transactionRegistry);
        clock = clocks.isResolvable() ? clocks.get() : InstantSource.system();
        journal = openJournal(config);
        ledger = BatchingLedger.writingTo(new JdbcUsageWriter(dataSource))
                .threads(threadFactory)
                .writers(config.usageWriters())
                .durability(config.durability())
                .onOutage(config.usageOnOutage())
                .capacity(config.usageQueueCapacity())
                .maxBatch(config.usageMaxBatch())
                .pushBack(PUSH_BACK)
                .syncTimeout(config.usageSyncTimeout())
                .journal(journal)
                .start();
    }

    /** Writes every usage entry still queued before the application stops. */
    @PreDestroy
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "The usage journal did not close cleanly: " + e.getMessage());
            }
        }
    }

    /**
     * The usage journal, in {@code speechmeter.usage.journal.directory}, else in the server's data
     * directory (WildFly's {@code jboss.server.data.dir}, Tomcat's {@code catalina.base/work}),
     * else in the temporary directory, which a reboot may empty: said at WARNING.
     */
    private static UsageJournal openJournal(MeteringConfig config) {
        Path directory = config.usageJournalDirectory();
        if (directory == null) {
            String data = System.getProperty("jboss.server.data.dir");
            String catalina = System.getProperty("catalina.base");
            if (data != null) {
                directory = Path.of(data, "speechmeter", "usage-journal");
            } else if (catalina != null) {
                directory = Path.of(catalina, "work", "speechmeter", "usage-journal");
            } else {
                directory = Path.of(System.getProperty("java.io.tmpdir"), "speechmeter", "usage-journal");
                LOG.log(System.Logger.Level.WARNING, "The usage journal is in " + directory + ", which a reboot may "
                        + "empty: set " + MeteringConfig.USAGE_JOURNAL_DIRECTORY + " to a directory that lasts");
            }
        }
        try {
            return UsageJournal.open(directory, config.usageJournalMaxBytes());
        } catch (IOException e) {
            throw new IllegalStateException("The usage journal cannot be opened in " + directory + " (set "
                    + MeteringConfig.USAGE_JOURNAL_DIRECTORY + "): " + e.getMessage(), e);
        }
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
        JpaKeyDirectory directory = new JpaKeyDirectory(transactions, dataSource);
        directory.forgetExpiredUses(clock.instant());
        return directory;
    }

    @Produces
    @ApplicationScoped
    UsageLedger usageLedger() {
        return ledger;
    }

    @Produces
    @ApplicationScoped
    UsageLog usageLog() {
        return new JdbcUsageLog(dataSource);
    }

    @Produces
    @ApplicationScoped
    RequestLog requestLog() {
        return new JdbcRequestLog(dataSource);
    }

    @Produces
    @ApplicationScoped
    CapacityLedger capacityLedger() {
        return new JdbcCapacityLedger(dataSource);
    }

    @Produces
    @ApplicationScoped
    TenantAdmin tenantAdmin() {
        return new JpaTenantAdmin(transactions, clock);
    }
}
