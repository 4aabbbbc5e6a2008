package dev.speechmeter.jpa;

import dev.speechmeter.health.HealthReport;
import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.internal.engine.UsageJournal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The health of the database store, as the MicroProfile Health checks of
 * {@code dev.speechmeter.jpa.health} report it (an application without MicroProfile Health can
 * serve them itself):
 *
 * <ul>
 *   <li>{@value #SCHEMA}: every migration this server ships is applied;</li>
 *   <li>{@value #DATABASE}: the database answers within a second;</li>
 *   <li>{@value #USAGE_BACKLOG}: usage entries waiting to be written (queued, or in the journal)
 *       are at most {@code speechmeter.health.max-usage-backlog}, and new requests are taken;</li>
 *   <li>{@value #USAGE_WRITERS}: every usage writer thread is alive.</li>
 * </ul>
 *
 * <pre>{@code
 * HealthReport database = backends.health().database();
 * if (!database.up()) { ... }   // database.data() says why, never with a secret
 * }</pre>
 */
public final class StoreHealth {

    public static final String SCHEMA = "speechmeter-schema";
    public static final String DATABASE = "speechmeter-database";
    public static final String USAGE_BACKLOG = "speechmeter-usage-backlog";
    public static final String USAGE_WRITERS = "speechmeter-usage-writers";

    private final DatabaseProbe probe;
    private final SchemaMode schemaMode;
    private final BatchingLedger ledger;
    private final UsageJournal journal;
    private final StoreSettings settings;

    StoreHealth(DatabaseProbe probe, BatchingLedger ledger, UsageJournal journal, StoreSettings settings) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.settings = settings;
        this.schemaMode = settings.schemaMode();
    }

    /** Up when every migration this server ships has been applied; under {@code none}, always. */
    public HealthReport schema() {
        String mode = schemaMode.name().toLowerCase(Locale.ROOT);
        if (schemaMode == SchemaMode.NONE) {
            return HealthReport.up(SCHEMA).with("mode", mode);
        }
        DatabaseProbe.Finding finding = probe.latest();
        if (!finding.answered()) {
            return HealthReport.down(SCHEMA).with("mode", mode)
                    .with("error", "the database does not answer (" + DATABASE + ")");
        }
        if (finding.schema() == null) {
            return HealthReport.down(SCHEMA).with("mode", mode).withError(finding.schemaFailure());
        }
        SchemaState schema = finding.schema();
        HealthReport report = HealthReport.of(SCHEMA, schema.migrated())
                .with("mode", mode)
                .with("version", schema.current() == null ? "none" : schema.current())
                .with("latest", String.valueOf(schema.latest()));
        report = listed(report, "pending", schema.pending());
        report = listed(report, "failed", schema.failed());
        return listed(report, "newer", schema.newer());
    }

    /** Up when the database answered within {@link DatabaseProbe#ANSWER_WITHIN}. */
    public HealthReport database() {
        DatabaseProbe.Finding finding = probe.latest();
        if (!finding.answered()) {
            return HealthReport.down(DATABASE).withError(finding.failure());
        }
        Duration limit = DatabaseProbe.ANSWER_WITHIN;
        HealthReport report = HealthReport.of(DATABASE, finding.took().compareTo(limit) <= 0)
                .with("database", finding.product())
                .with("answered-in-ms", finding.took().toMillis());
        return report.up() ? report : report.with("error", "slower than " + limit.toMillis() + " ms");
    }

    /**
     * Up while the entries waiting to be written, in the queue and in the journal, are at most the
     * configured backlog, and the ledger takes new entries.
     */
    public HealthReport usageBacklog() {
        int queued = ledger.queued();
        long journaled = journal.pendingRecords();
        long backlog = queued + journaled;
        boolean accepting = ledger.accepting();
        return HealthReport.of(USAGE_BACKLOG, backlog <= settings.maxUsageBacklog() && accepting)
                .with("backlog", backlog)
                .with("max-backlog", settings.maxUsageBacklog())
                .with("queued", queued)
                .with("queue-capacity", ledger.capacity())
                .with("journaled", journaled)
                .with("accepting", accepting);
    }

    /** Up while every usage writer thread is alive. */
    public HealthReport usageWriters() {
        int alive = ledger.writersAlive();
        return HealthReport.of(USAGE_WRITERS, alive >= ledger.writers())
                .with("alive", alive)
                .with("writers", ledger.writers());
    }

    private static HealthReport listed(HealthReport report, String key, List<String> versions) {
        return versions.isEmpty() ? report : report.with(key, String.join(",", versions));
    }
}
