package dev.speechmeter.jpa;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.OutagePolicy;
import dev.speechmeter.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The database store's own settings: which data source it uses in a server, what happens to its
 * tables at start, and how usage entries are queued, batched, written and journaled. They are read
 * with the store, from the same {@code speechmeter.*} properties as the rest;
 * {@code speechmeter.usage.durability}, which the filter needs too, stays in {@code MeteringConfig}.
 *
 * <pre>{@code
 * StoreSettings settings = StoreSettings.fromProperties(System::getProperty);
 * JpaBackends store = JpaBackends.resourceLocal(dataSource, config, settings, InstantSource.system());
 * }</pre>
 *
 * @param dataSource       the JNDI name of the data source the store uses in a Jakarta EE server;
 *                         without CDI the application hands {@link JpaBackends} its data source instead
 * @param schemaMode       what happens to the tables when the application starts
 * @param queueCapacity    most usage entries waiting to be written before requests wait for room
 * @param maxBatch         most usage entries written in one transaction
 * @param writers          how many usage batches may be written at once, each in its own transaction
 * @param onOutage         what the server does while the database cannot take usage entries
 * @param syncTimeout      the longest a request waits for its entry to be durable under {@code sync}
 * @param journalDirectory where the usage journal lives; null for the server's data directory
 * @param journalMaxBytes  the most the usage journal may hold on disk
 * @param jobLease         how long a server's open jobs stay its own without a renewal: after it
 *                         stops, the longest before another server takes them over
 * @param maxUsageBacklog  the most usage entries that may wait (queued, or in the journal) while the
 *                         server still reports itself ready; by default half the queue capacity
 * @param absentRecheck    how long the server remembers that no capacity applies to an owner's
 *                         label set before it reads the database again; zero reads it for every request
 */
public record StoreSettings(String dataSource, SchemaMode schemaMode, int queueCapacity, int maxBatch,
                            int writers, OutagePolicy onOutage, Duration syncTimeout, Path journalDirectory,
                            long journalMaxBytes, Duration jobLease, int maxUsageBacklog,
                            Duration absentRecheck) {

    public static final String DATA_SOURCE = "speechmeter.datasource";
    public static final String SCHEMA_MODE = "speechmeter.schema.mode";
    public static final String QUEUE_CAPACITY = "speechmeter.usage.queue-capacity";
    public static final String MAX_BATCH = "speechmeter.usage.max-batch";
    public static final String WRITERS = "speechmeter.usage.writers";
    public static final String ON_OUTAGE = "speechmeter.usage.on-outage";
    public static final String SYNC_TIMEOUT = "speechmeter.usage.sync-timeout-seconds";
    public static final String JOURNAL_DIRECTORY = "speechmeter.usage.journal.directory";
    public static final String JOURNAL_MAX_BYTES = "speechmeter.usage.journal.max-bytes";
    public static final String JOB_LEASE = "speechmeter.jobs.lease-seconds";
    public static final String MAX_USAGE_BACKLOG = "speechmeter.health.max-usage-backlog";
    public static final String ABSENT_RECHECK = "speechmeter.capacities.absent-recheck-seconds";

    /** Every property the store reads, in the order the docs list them. */
    public static final List<String> PROPERTIES = List.of(DATA_SOURCE, SCHEMA_MODE, QUEUE_CAPACITY, MAX_BATCH,
            WRITERS, SYNC_TIMEOUT, ON_OUTAGE, JOURNAL_DIRECTORY, JOURNAL_MAX_BYTES, JOB_LEASE, MAX_USAGE_BACKLOG,
            ABSENT_RECHECK);

    private static final StoreSettings DEFAULTS = new StoreSettings("java:comp/DefaultDataSource", SchemaMode.MIGRATE,
            10_000, 2_000, 2, OutagePolicy.JOURNAL, Duration.ofSeconds(10), null, 1L << 30, Duration.ofSeconds(60),
            5_000, Duration.ofSeconds(5));

    public StoreSettings {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(schemaMode, "schemaMode");
        Objects.requireNonNull(onOutage, "onOutage");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        Objects.requireNonNull(jobLease, "jobLease");
        Objects.requireNonNull(absentRecheck, "absentRecheck");
        positive(QUEUE_CAPACITY, queueCapacity);
        positive(MAX_BATCH, maxBatch);
        positive(WRITERS, writers);
        positive(JOURNAL_MAX_BYTES, journalMaxBytes);
        positive(MAX_USAGE_BACKLOG, maxUsageBacklog);
        if (syncTimeout.isNegative() || syncTimeout.isZero()) {
            throw ConfigurationException.invalid(SYNC_TIMEOUT, String.valueOf(syncTimeout.toSeconds()),
                    "a whole number of seconds >= 1");
        }
        if (jobLease.getSeconds() < 3) {
            throw ConfigurationException.invalid(JOB_LEASE, String.valueOf(jobLease.toSeconds()),
                    "a whole number of seconds >= 3 (a server renews its jobs every third of it)");
        }
        if (absentRecheck.isNegative() || absentRecheck.getNano() != 0) {
            throw ConfigurationException.invalid(ABSENT_RECHECK, String.valueOf(absentRecheck),
                    "a whole number of seconds >= 0");
        }
    }

    /** Every setting at its default. */
    public static StoreSettings defaults() {
        return DEFAULTS;
    }

    /**
     * The settings {@code lookup} gives, each checked as it is read.
     *
     * @throws ConfigurationException naming the first bad property and its value
     */
    public static StoreSettings fromProperties(Function<String, String> lookup) {
        SettingsReader read = new SettingsReader(lookup);
        int queueCapacity = read.positiveInt(QUEUE_CAPACITY).orElse(DEFAULTS.queueCapacity);
        return new StoreSettings(
                read.text(DATA_SOURCE).orElse(DEFAULTS.dataSource),
                read.choice(SCHEMA_MODE, SchemaMode.class).orElse(DEFAULTS.schemaMode),
                queueCapacity,
                read.positiveInt(MAX_BATCH).orElse(DEFAULTS.maxBatch),
                read.positiveInt(WRITERS).orElse(DEFAULTS.writers),
                read.choice(ON_OUTAGE, OutagePolicy.class).orElse(DEFAULTS.onOutage),
                read.seconds(SYNC_TIMEOUT).orElse(DEFAULTS.syncTimeout),
                read.path(JOURNAL_DIRECTORY).orElse(null),
                read.positiveLong(JOURNAL_MAX_BYTES).orElse(DEFAULTS.journalMaxBytes),
                read.seconds(JOB_LEASE).orElse(DEFAULTS.jobLease),
                read.positiveInt(MAX_USAGE_BACKLOG).orElse(defaultMaxUsageBacklog(queueCapacity)),
                read.wholeNumber(ABSENT_RECHECK).map(seconds -> {
                    if (seconds < 0) {
                        throw ConfigurationException.invalid(ABSENT_RECHECK, Long.toString(seconds),
                                "a whole number of seconds >= 0");
                    }
                    return Duration.ofSeconds(seconds);
                }).orElse(DEFAULTS.absentRecheck));
    }

    /**
     * Half the queue: far above what waits while the database keeps up (a batch or two), and
     * reached well before requests have to wait for room.
     */
    static int defaultMaxUsageBacklog(int queueCapacity) {
        return Math.max(1, queueCapacity / 2);
    }

    /** These settings with the tables prepared as {@code mode} says. */
    public StoreSettings withSchemaMode(SchemaMode mode) {
        return new StoreSettings(dataSource, mode, queueCapacity, maxBatch, writers, onOutage, syncTimeout, journalDirectory,
                journalMaxBytes, jobLease, maxUsageBacklog, absentRecheck);
    }

    /** These settings with the usage journal in {@code directory}. */
    public StoreSettings withJournalDirectory(Path directory) {
        return new StoreSettings(dataSource, schemaMode, queueCapacity, maxBatch, writers, onOutage, syncTimeout,
                directory, journalMaxBytes, jobLease, maxUsageBacklog, absentRecheck);
    }

    /** These settings with open jobs kept under a lease of {@code lease}. */
    public StoreSettings withJobLease(Duration lease) {
        return new StoreSettings(dataSource, schemaMode, queueCapacity, maxBatch, writers, onOutage, syncTimeout,
                journalDirectory, journalMaxBytes, lease, maxUsageBacklog, absentRecheck);
    }

    /** These settings with the server reported not ready once more than {@code max} usage entries wait. */
    public StoreSettings withMaxUsageBacklog(int max) {
        return new StoreSettings(dataSource, schemaMode, queueCapacity, maxBatch, writers, onOutage, syncTimeout,
                journalDirectory, journalMaxBytes, jobLease, max, absentRecheck);
    }

    /** These settings with the absence of a capacity remembered for {@code recheck}; zero to read it every time. */
    public StoreSettings withAbsentRecheck(Duration recheck) {
        return new StoreSettings(dataSource, schemaMode, queueCapacity, maxBatch, writers, onOutage, syncTimeout,
                journalDirectory, journalMaxBytes, jobLease, maxUsageBacklog, recheck);
    }

    private static void positive(String property, long value) {
        if (value <= 0) {
            throw ConfigurationException.invalid(property, Long.toString(value), "a whole number > 0");
        }
    }
}
