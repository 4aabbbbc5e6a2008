package dev.speechmeter.bench;

import dev.speechmeter.jpa.JdbcCapacityLedger;
import dev.speechmeter.jpa.SchemaMigrator;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.LabelSet;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * What the capacity check costs a request to a labeled endpoint: one read of where the caller's
 * capacities stand ({@link JdbcCapacityLedger#standings}), in a real PostgreSQL holding the
 * capacities and consumption rows of many projects, next to two baselines in the same run: the
 * primary-key read of one consumption row, and {@code SELECT 1} (a round trip doing nothing).
 *
 * <pre>
 * bash benchmarks/scripts/capacities.sh [projects] [reads]
 * </pre>
 */
public final class CapacityBenchmark {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    private static final int PROJECTS_PER_ORGANIZATION = 10;

    private CapacityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int projects = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            SchemaMigrator.migrate(postgres.getPostgresDatabase());
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                ReusedConnection pooled = new ReusedConnection(connection);
                CapacityLedger capacities = new JdbcCapacityLedger(pooled);
                UUID[][] owners = capacitiesOf(capacities, projects);
                long rows = consumption(connection, now);
                System.out.printf(Locale.ROOT, "%,d projects in %,d organizations; each project with a monthly and a "
                        + "daily capacity, each organization with a monthly one; %,d consumption rows (30 days, a "
                        + "week of hours and a day of minutes per owner)%n", projects, projects / PROJECTS_PER_ORGANIZATION,
                        rows);
                Random random = new Random(42);
                Latencies limited = new Latencies();
                Latencies unlimited = new Latencies();
                Latencies primaryKey = new Latencies();
                Latencies floor = new Latencies();
                try (PreparedStatement byKey = connection.prepareStatement("SELECT consumed_ms, extended_ms FROM "
                        + "sm_capacity_usage WHERE owner_id = ? AND technology = ? AND vendor = ? AND operation = ? "
                        + "AND period = ? AND period_start = ?");
                     Statement nothing = connection.createStatement()) {
                    for (int round = 0; round < 2; round++) {
                        boolean measured = round == 1;
                        for (int i = 0; i < reads; i++) {
                            UUID[] owner = owners[random.nextInt(owners.length)];
                            long t0 = System.nanoTime();
                            List<CapacityStanding> standings = capacities.standings(owner[0], owner[1], STT, now);
                            long t1 = System.nanoTime();
                            capacities.standings(owner[0], UUID.randomUUID(), new LabelSet("speech_to_text", "other",
                                    "transcribe"), now);
                            long t2 = System.nanoTime();
                            readOne(byKey, owner[1], now);
                            long t3 = System.nanoTime();
                            try (ResultSet one = nothing.executeQuery("SELECT 1")) {
                                one.next();
                            }
                            long t4 = System.nanoTime();
                            if (standings.size() != 3) {
                                throw new IllegalStateException("expected 3 capacities, read " + standings.size());
                            }
                            if (measured) {
                                limited.add(t1 - t0);
                                unlimited.add(t2 - t1);
                                primaryKey.add(t3 - t2);
                                floor.add(t4 - t3);
                            }
                        }
                    }
                }
                System.out.println(Latencies.header("read (one thread, after a round of warm-up)"));
                System.out.println(floor.row("SELECT 1 (floor)"));
                System.out.println(primaryKey.row("one consumption row by primary key (baseline)"));
                System.out.println(limited.row("standings: 3 capacities of the caller"));
                System.out.println(unlimited.row("standings: labels without a capacity"));
                System.out.printf(Locale.ROOT, "standings / baseline: p50 %.2f, p95 %.2f; without a capacity: p50 %.2f%n",
                        limited.millis(0.5) / primaryKey.millis(0.5), limited.millis(0.95) / primaryKey.millis(0.95),
                        unlimited.millis(0.5) / primaryKey.millis(0.5));
            }
        }
    }

    /** Sets the capacities; returns each project's {organization, project}. */
    private static UUID[][] capacitiesOf(CapacityLedger capacities, int projects) {
        UUID[][] owners = new UUID[projects][];
        UUID organization = null;
        for (int p = 0; p < projects; p++) {
            if (p % PROJECTS_PER_ORGANIZATION == 0) {
                organization = UUID.randomUUID();
                capacities.setCapacity(CapacityOwner.organization(organization), STT, BillingPeriod.MONTH,
                        Duration.ofHours(1_000));
            }
            UUID project = UUID.randomUUID();
            capacities.setCapacity(CapacityOwner.project(project), STT, BillingPeriod.MONTH, Duration.ofHours(100));
            capacities.setCapacity(CapacityOwner.project(project), STT, BillingPeriod.DAY, Duration.ofHours(10));
            owners[p] = new UUID[] {organization, project};
        }
        return owners;
    }

    /** Consumption rows for every owner with a capacity: what a month of traffic leaves behind. */
    private static long consumption(Connection connection, Instant now) throws SQLException {
        String insert = "INSERT INTO sm_capacity_usage (owner_id, technology, vendor, operation, period, period_start, "
                + "consumed_ms, extended_ms) SELECT DISTINCT owner_id, technology, vendor, operation, ?, "
                + "date_trunc(?, ?::timestamptz - s * ?::interval, 'UTC'), 1000, 0 FROM sm_capacity, "
                + "generate_series(0, ?) AS s ON CONFLICT DO NOTHING";
        Object[][] spans = {{"day", "day", "1 day", 29}, {"hour", "hour", "1 hour", 167},
                {"minute", "minute", "1 minute", 1439}, {"month", "month", "1 day", 0}, {"week", "week", "1 day", 0}};
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            for (Object[] span : spans) {
                statement.setString(1, (String) span[0]);
                statement.setString(2, (String) span[1]);
                statement.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                statement.setString(4, (String) span[2]);
                statement.setInt(5, (Integer) span[3]);
                statement.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE sm_capacity_usage");
            statement.execute("VACUUM ANALYZE sm_capacity");
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM sm_capacity_usage")) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    private static void readOne(PreparedStatement byKey, UUID project, Instant now) throws SQLException {
        byKey.setObject(1, project);
        byKey.setString(2, STT.technology());
        byKey.setString(3, STT.vendor());
        byKey.setString(4, STT.operation());
        byKey.setString(5, "day");
        byKey.setObject(6, OffsetDateTime.ofInstant(BillingPeriod.DAY.windowAt(now).start(), ZoneOffset.UTC));
        try (ResultSet row = byKey.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("no consumption row of today for " + project);
            }
        }
    }
}
