package dev.speechmeter.jpa;

import dev.speechmeter.spi.JobRegistry;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.OpenJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Open metered jobs in {@code sm_open_job}, shared by every server of the database. Each server
 * owns its rows under a name of its own, made when it starts, and renews them every third of the
 * lease; a row not renewed for a lease belongs to a server that stopped, and the first server to
 * change its owner in one update takes it over and hands it to the engine, once. A row whose usage
 * entry exists already (its job ended just before its server stopped) is only deleted.
 *
 * <pre>{@code
 * JobRegistry jobs = new JdbcJobRegistry(dataSource, Duration.ofSeconds(60), threads, clock);
 * runtime = MeteringRuntime.builder(config).jobs(jobs)...build();   // starts it
 * ...
 * jobs.close();   // this server's open jobs are left for another to take over at once
 * }</pre>
 */
public final class JdbcJobRegistry implements JobRegistry {

    private static final System.Logger LOG = System.getLogger(JdbcJobRegistry.class.getName());
    /** The most rows one round takes over; the next round goes on. */
    static final int TAKE_OVER_BATCH = 100;
    /** What a server that stops leaves its rows renewed at, so that they are taken over at once. */
    private static final Instant LEFT = Instant.parse("2000-01-01T00:00:00Z");

    private static final String COLUMNS = "id, correlation_id, api_key_id, organization_id, project_id, "
            + "request_scope, endpoint, method, pool, technology, vendor, operation, client_reference_id, start_time";

    private final DataSource dataSource;
    private final Duration lease;
    private final ThreadFactory threads;
    private final InstantSource clock;
    private final String owner = UUID.randomUUID().toString();
    private final KnownDialect dialects = new KnownDialect();
    private ScheduledExecutorService rounds;
    private Consumer<OpenJob> orphans = job -> { };
    private Runnable eachRound = () -> { };

    /**
     * @param lease   how long this server's rows stay its own without a renewal
     * @param threads makes the one thread that renews and takes over
     */
    public JdbcJobRegistry(DataSource dataSource, Duration lease, ThreadFactory threads, InstantSource clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void opened(OpenJob job) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO sm_open_job (" + COLUMNS
                     + ", owner, renewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            SqlDialect dialect = dialects.of(connection);
            LabelSet labels = job.labels();
            int i = 0;
            insert.setObject(++i, job.id());
            insert.setString(++i, job.correlationId());
            insert.setObject(++i, job.apiKeyId());
            insert.setObject(++i, job.organizationId());
            insert.setObject(++i, job.projectId());
            insert.setString(++i, job.requestScope());
            insert.setString(++i, job.endpoint());
            insert.setString(++i, job.method());
            insert.setString(++i, job.pool());
            insert.setString(++i, labels == null ? null : labels.technology());
            insert.setString(++i, labels == null ? null : labels.vendor());
            insert.setString(++i, labels == null ? null : labels.operation());
            insert.setString(++i, job.clientReferenceId());
            insert.setObject(++i, dialect.timestamp(job.startTime()));
            insert.setString(++i, owner);
            insert.setObject(++i, dialect.timestamp(clock.instant()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The job could not be recorded (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public void closed(UUID id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM sm_open_job WHERE id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The job could not be removed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public void start(Consumer<OpenJob> orphans) {
        start(orphans, () -> { });
    }

    @Override
    public synchronized void start(Consumer<OpenJob> orphans, Runnable eachRound) {
        this.eachRound = Objects.requireNonNull(eachRound, "eachRound");
        if (rounds != null) {
            throw new IllegalStateException("The job registry is started already");
        }
        this.orphans = Objects.requireNonNull(orphans, "orphans");
        rounds = Executors.newSingleThreadScheduledExecutor(threads);
        long every = Math.max(1, lease.toMillis() / 3);
        rounds.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Where taken-over jobs go, without the rounds' thread: for tests that run the rounds themselves. */
    void handingTo(Consumer<OpenJob> orphans) {
        this.orphans = Objects.requireNonNull(orphans, "orphans");
    }

    /** One round: this server's rows renewed, then those of stopped servers taken over. */
    void round() {
        try {
            renew();
            takeOver();
        } catch (RuntimeException | SQLException e) {
            // The next round tries again; until then, nothing this server holds is lost.
            LOG.log(System.Logger.Level.WARNING, "Open jobs could not be renewed or taken over: " + e);
        }
        try {
            eachRound.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Waiting jobs could not be given slots: " + e);
        }
    }

    void renew() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE sm_open_job SET renewed_at = ? WHERE owner = ?")) {
            update.setObject(1, dialects.of(connection).timestamp(clock.instant()));
            update.setString(2, owner);
            update.executeUpdate();
        }
    }

    /**
     * Takes over the rows not renewed for a lease, each in an update of its own that only one
     * server can win, and hands each won to the engine.
     *
     * @return how many were handed over
     */
    int takeOver() throws SQLException {
        List<Stale> stale = new ArrayList<>();
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + ", owner, "
                     + "(SELECT COUNT(*) FROM sm_usage_entry e WHERE e.uuid = j.id) AS recorded "
                     + "FROM sm_open_job j WHERE renewed_at < ? AND owner <> ? ORDER BY renewed_at")) {
            SqlDialect dialect = dialects.of(connection);
            select.setObject(1, dialect.timestamp(now.minus(lease)));
            select.setString(2, owner);
            select.setMaxRows(TAKE_OVER_BATCH);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stale.add(new Stale(job(rows, dialect), rows.getString("owner"), rows.getLong("recorded") > 0));
                }
            }
        }
        int handed = 0;
        for (Stale row : stale) {
            if (row.recorded()) {
                closed(row.job().id());
            } else if (claim(row, now)) {
                handOver(row.job());
                handed++;
            }
        }
        return handed;
    }

    private boolean claim(Stale row, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE sm_open_job SET owner = ?, renewed_at = ? WHERE id = ? AND owner = ?")) {
            update.setString(1, owner);
            update.setObject(2, dialects.of(connection).timestamp(now));
            update.setObject(3, row.job().id());
            update.setString(4, row.owner());
            return update.executeUpdate() == 1;
        }
    }

    private void handOver(OpenJob job) throws SQLException {
        try {
            orphans.accept(job);
        } catch (RuntimeException e) {
            // Not settled (the limit store could not be reached, say): left for a later round.
            LOG.log(System.Logger.Level.WARNING, "Job " + job.id() + " could not be taken over; it is tried again: "
                    + e);
            leave("id = ?", job.id());
        }
    }

    private static OpenJob job(ResultSet row, SqlDialect dialect) throws SQLException {
        String technology = row.getString("technology");
        LabelSet labels = technology == null ? null
                : new LabelSet(technology, row.getString("vendor"), row.getString("operation"));
        return new OpenJob(row.getObject("id", UUID.class), row.getString("correlation_id"),
                row.getObject("api_key_id", UUID.class), row.getObject("organization_id", UUID.class),
                row.getObject("project_id", UUID.class), row.getString("request_scope"), row.getString("endpoint"),
                row.getString("method"), row.getString("pool"), labels, row.getString("client_reference_id"),
                dialect.instant(row, "start_time"));
    }

    /** Marks rows as not renewed since long ago, so that the next round anywhere takes them over. */
    private void leave(String where, Object value) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE sm_open_job SET renewed_at = ?, owner = ? WHERE " + where)) {
            update.setObject(1, dialects.of(connection).timestamp(LEFT));
            update.setString(2, "left-by-" + owner);
            update.setObject(3, value);
            update.executeUpdate();
        }
    }

    /** Stops renewing; this server's open jobs are left to be taken over at once. */
    @Override
    public synchronized void close() {
        if (rounds != null) {
            rounds.shutdownNow();
            rounds = null;
        }
        try {
            leave("owner = ?", owner);
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Open jobs were not handed over on stopping; they are taken over "
                    + "after their lease of " + lease.toSeconds() + " s: " + e);
        }
    }

    private record Stale(OpenJob job, String owner, boolean recorded) {
    }
}
