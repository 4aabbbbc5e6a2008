package dev.speechmeter.jpa;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.internal.engine.UsageJournal;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.JobRegistry;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageLog;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The JPA store's backends over one database, made without a container: the tables prepared
 * ({@link SchemaMode}),
 * then the {@link KeyDirectory}, the {@link UsageLedger} (one group-commit writer, its usage
 * journal), the {@link UsageLog}, the {@link RequestLog}, the {@link CapacityLedger}, the
 * {@link TenantAdmin}, the {@link JobRegistry} and the {@link IdempotencyStore}. In a Jakarta EE
 * server {@link JpaStore} makes them with the server's
 * transactions and threads; an application without CDI makes them itself, and closes them when it
 * stops, which writes or journals every entry still queued:
 *
 * <pre>{@code
 * JpaBackends store = JpaBackends.resourceLocal(dataSource, config,
 *         StoreSettings.fromProperties(System::getProperty), InstantSource.system());
 * MeteringRuntime runtime = MeteringRuntime.builder(config)
 *         .keys(store.keyDirectory()).ledger(store.usageLedger()).capacities(store.capacityLedger())
 *         .idempotency(store.idempotencyStore())
 *         .build();
 * ...
 * store.close();
 * }</pre>
 */
public final class JpaBackends implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JpaBackends.class.getName());

    private static final Duration PUSH_BACK = Duration.ofSeconds(30);

    private final EntityManagerFactory factory;
    private final UsageJournal journal;
    private final BatchingLedger ledger;
    private final JpaKeyDirectory keyDirectory;
    private final JdbcUsageLog usageLog;
    private final JdbcRequestLog requestLog;
    private final JdbcCapacityLedger capacityLedger;
    private final JpaTenantAdmin tenantAdmin;
    private final JdbcJobRegistry jobRegistry;
    private final JdbcIdempotencyStore idempotencyStore;
    private final ExpiredKeyPruning keyPruning;
    private final StoreHealth health;

    private JpaBackends(DataSource dataSource, Transactions transactions, EntityManagerFactory factory,
                        MeteringConfig config, StoreSettings settings, String application, ThreadFactory threads,
                        InstantSource clock) {
        this.factory = factory;
        this.journal = openJournal(journalDirectory(settings, application), settings.journalMaxBytes());
        this.ledger = BatchingLedger.writingTo(new JdbcUsageWriter(dataSource))
                .threads(threads)
                .writers(settings.writers())
                .durability(config.durability())
                .onOutage(settings.onOutage())
                .capacity(settings.queueCapacity())
                .maxBatch(settings.maxBatch())
                .pushBack(PUSH_BACK)
                .syncTimeout(settings.syncTimeout())
                .journal(journal)
                .start();
        this.keyDirectory = new JpaKeyDirectory(transactions, dataSource);
        keyDirectory.forgetExpiredUses(clock.instant());
        this.usageLog = new JdbcUsageLog(dataSource);
        this.requestLog = new JdbcRequestLog(dataSource);
        this.capacityLedger = new JdbcCapacityLedger(dataSource, settings.absentRecheck(), clock);
        this.tenantAdmin = new JpaTenantAdmin(transactions, clock);
        this.jobRegistry = new JdbcJobRegistry(dataSource, settings.jobLease(), threads, clock);
        this.idempotencyStore = new JdbcIdempotencyStore(dataSource);
        this.keyPruning = ExpiredKeyPruning.start(idempotencyStore, clock, threads);
        this.health = new StoreHealth(new DatabaseProbe(dataSource, settings.schemaMode() != SchemaMode.NONE, threads,
                clock, DatabaseProbe.ANSWER_WITHIN), ledger, journal, settings);
    }

    /**
     * The backends over {@code dataSource}, in transactions of their own (no JTA): the schema is
     * migrated, the {@code speechmeter} persistence unit opened on it, and the usage writers run
     * on threads of their own. For applications without a Jakarta EE server; a Jakarta Persistence
     * provider (Hibernate ORM) must be on the class path. The application needs no
     * {@code persistence.xml}: the unit is described in code.
     */
    public static JpaBackends resourceLocal(DataSource dataSource, MeteringConfig config) {
        return resourceLocal(dataSource, config, StoreSettings.defaults(), InstantSource.system());
    }

    /**
     * As {@link #resourceLocal(DataSource, MeteringConfig)}, with the store's own settings (its
     * tables, its usage writers and journal), on the given clock.
     */
    public static JpaBackends resourceLocal(DataSource dataSource, MeteringConfig config, StoreSettings settings,
                                            InstantSource clock) {
        SchemaMigrator.prepare(dataSource, settings.schemaMode());
        EntityManagerFactory factory = SpeechmeterPersistence.open(SpeechmeterUnit.resourceLocal(dataSource), Map.of());
        return closingOnFailure(factory, () -> new JpaBackends(dataSource, new ResourceLocalTransactions(factory),
                factory, config, settings, null, JpaBackends::writerThread, clock));
    }

    /**
     * The backends inside a server: its data source, its transactions and its threads. The tables
     * are prepared first, as the settings say; then the {@code speechmeter} unit is opened on the
     * data source, its entity managers joining the server's JTA transactions.
     */
    static JpaBackends inServer(DataSource dataSource, UserTransaction userTransaction,
                                TransactionSynchronizationRegistry registry, MeteringConfig config,
                                StoreSettings settings, String application, ThreadFactory threads,
                                InstantSource clock) {
        SchemaMigrator.prepare(dataSource, settings.schemaMode());
        EntityManagerFactory factory = SpeechmeterPersistence.open(SpeechmeterUnit.jta(dataSource), Map.of());
        return closingOnFailure(factory, () -> new JpaBackends(dataSource,
                new JtaTransactions(factory, userTransaction, registry), factory, config, settings, application,
                threads, clock));
    }

    private static JpaBackends closingOnFailure(EntityManagerFactory factory, Supplier<JpaBackends> backends) {
        try {
            return backends.get();
        } catch (RuntimeException | Error e) {
            factory.close();
            throw e;
        }
    }

    private static Thread writerThread(Runnable work) {
        Thread thread = new Thread(work, "speechmeter-usage-writer");
        thread.setDaemon(true);
        return thread;
    }

    public KeyDirectory keyDirectory() {
        return keyDirectory;
    }

    public UsageLedger usageLedger() {
        return ledger;
    }

    public UsageLog usageLog() {
        return usageLog;
    }

    public RequestLog requestLog() {
        return requestLog;
    }

    public CapacityLedger capacityLedger() {
        return capacityLedger;
    }

    public TenantAdmin tenantAdmin() {
        return tenantAdmin;
    }

    /**
     * The open metered jobs, in the database; the runtime starts it when given it
     * ({@code MeteringRuntime.Builder.jobs}), and closing these backends hands this server's open
     * jobs over.
     */
    public JobRegistry jobRegistry() {
        return jobRegistry;
    }

    /** Idempotency keys, shared by every server on the database, expired ones pruned every few minutes. */
    public IdempotencyStore idempotencyStore() {
        return idempotencyStore;
    }

    /** The store's health: its schema, its database, its usage backlog and writers. */
    public StoreHealth health() {
        return health;
    }

    /**
     * Reports the usage writer's batches, queue and journal to {@code events}, such as the meters
     * of {@code MeteringRuntime.Builder.meterRegistry}: a runtime given {@link #usageLedger()} itself
     * does this already.
     */
    public void reportTo(MeteringEvents events) {
        ledger.reportTo(events);
    }

    /** Writes or journals every usage entry still queued, then closes the journal and the persistence unit. */
    @Override
    public void close() {
        jobRegistry.close();
        keyPruning.close();
        ledger.close();
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "The usage journal did not close cleanly: " + e.getMessage());
        }
        factory.close();
    }

    /**
     * Where the usage journal lives: {@code speechmeter.usage.journal.directory} as set; else in
     * the server's data directory (WildFly's {@code jboss.server.data.dir}, Tomcat's
     * {@code catalina.base/work}), one directory per application, so that several applications on
     * one server each keep their own; else in the temporary directory, which a reboot may empty:
     * said at WARNING.
     *
     * @param application the application's name, or null outside a server
     */
    static Path journalDirectory(StoreSettings settings, String application) {
        if (settings.journalDirectory() != null) {
            return settings.journalDirectory();
        }
        String data = System.getProperty("jboss.server.data.dir");
        String catalina = System.getProperty("catalina.base");
        Path base;
        if (data != null) {
            base = Path.of(data, "speechmeter", "usage-journal");
        } else if (catalina != null) {
            base = Path.of(catalina, "work", "speechmeter", "usage-journal");
        } else {
            base = Path.of(System.getProperty("java.io.tmpdir"), "speechmeter", "usage-journal");
            LOG.log(System.Logger.Level.WARNING, "The usage journal is in " + base + ", which a reboot may "
                    + "empty: set " + StoreSettings.JOURNAL_DIRECTORY + " to a directory that lasts");
        }
        if (application == null || application.isBlank()) {
            return base;
        }
        String safe = application.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        return base.resolve(safe.startsWith(".") ? "_" + safe : safe);
    }

    private static UsageJournal openJournal(Path directory, long maxBytes) {
        try {
            return UsageJournal.open(directory, maxBytes);
        } catch (IOException e) {
            throw new IllegalStateException("The usage journal cannot be opened in " + directory + " (set "
                    + StoreSettings.JOURNAL_DIRECTORY + "): " + e.getMessage(), e);
        }
    }
}
