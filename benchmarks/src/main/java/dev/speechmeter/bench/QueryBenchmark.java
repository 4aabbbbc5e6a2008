package dev.speechmeter.bench;

import dev.speechmeter.jpa.JdbcUsageLog;
import dev.speechmeter.jpa.SchemaMigrator;
import dev.speechmeter.spi.UsageLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The two usage queries over a large usage log in a real PostgreSQL, each next to its baseline in
 * the same run: pages of {@code GET /v1/usage-logs} ({@link PageReads}) and the year-long
 * {@code GET /v1/usage/summary} ({@link SummaryReads}), after a bulk load of the entries and
 * their daily totals ({@link UsageData}).
 *
 * <pre>
 * bash benchmarks/scripts/queries.sh [entries] [page-reads] [summary-reads]
 * </pre>
 */
public final class QueryBenchmark {

    private static final double LOGS_BUDGET_P95_MS = 50;
    private static final double SUMMARY_BUDGET_MS = 100;

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        int pageReads = args.length > 1 ? Integer.parseInt(args[1]) : 1_200;
        int summaryReads = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Random random = new Random(42);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            SchemaMigrator.migrate(dataSource);
            UsageData data = new UsageData(Instant.now().truncatedTo(ChronoUnit.SECONDS), rows);
            try (Connection connection = dataSource.getConnection()) {
                System.out.println(settings(connection));
                UsageData.LoadTimes load = data.load(connection);
                System.out.printf(Locale.ROOT, "%nLoad: %,d entries in %.1f s (%,.0f entries/s): insert %.1f s, indexes "
                                + "%.1f s, daily totals %.1f s, vacuum and analyze %.1f s%n", rows, load.total(),
                        rows / load.total(), load.entries(), load.indexes(), load.daily(), load.vacuum());
                data.describe(connection).forEach(System.out::println);
                data.checkTotals(connection);

                ReusedConnection pooled = new ReusedConnection(connection);
                UsageLog log = new JdbcUsageLog(pooled);
                usageLogs(log, pooled, data, random, pageReads);
                summaries(log, connection, data, summaryReads);
            }
        }
    }

    private static void usageLogs(UsageLog log, ReusedConnection pooled, UsageData data, Random random, int pageReads)
            throws SQLException {
        int warmUp = Math.max(100, pageReads / 10);
        PageReads reads = new PageReads(log, pooled, UsageData.BIG_PROJECT, data.now(), data.oldest(), random);
        long t0 = System.nanoTime();
        reads.run((pageReads + warmUp + 3) / 4, warmUp);
        System.out.printf(Locale.ROOT, "%nGET /v1/usage-logs: pages of %d from random 31-day windows of project 1, "
                        + "both orders (%d pages of warm-up; %.0f s; mean body %,d bytes)%n", PageReads.LIMIT, warmUp,
                (System.nanoTime() - t0) / 1e9, reads.meanBodyBytes());
        Map<String, Latencies> paths = reads.latencies();
        System.out.println(Latencies.header("path"));
        System.out.println(paths.get("bare").row("keyset SQL, bare JDBC (baseline)"));
        System.out.println(paths.get("store").row("JdbcUsageLog.entries"));
        System.out.println(paths.get("endpoint").row("endpoint body (params, entries, JSON)"));
        System.out.println(paths.get("floor").row("one row by primary key (floor)"));
        System.out.println();
        System.out.println(Latencies.header("JdbcUsageLog.entries by page"));
        reads.storeByPage().forEach((name, latencies) -> System.out.println(latencies.row(name)));
        System.out.println();
        ratio("entries / baseline", paths.get("store"), paths.get("bare"));
        ratio("endpoint body / baseline", paths.get("endpoint"), paths.get("bare"));
        ratio("endpoint body / entries", paths.get("endpoint"), paths.get("store"));
        budget("endpoint body", paths.get("endpoint"));

        Instant start = data.oldest().plus(Duration.ofDays(30));
        UsageLog.Query first = new UsageLog.Query(UsageData.BIG_PROJECT, start, start.plus(PageReads.WINDOW),
                PageReads.LIMIT, false, null, null);
        UsageLog.Position middle = new UsageLog.Position(start.plus(Duration.ofDays(15)), new UUID(0, 0));
        explain("first page, end_time_asc", reads, first);
        explain("page from the middle of the window, end_time_asc", reads, first.after(middle));
        UsageLog.Query descending = new UsageLog.Query(UsageData.BIG_PROJECT, start, start.plus(PageReads.WINDOW),
                PageReads.LIMIT, true, middle, null);
        explain("page from the middle of the window, end_time_desc", reads, descending);
    }

    private static void summaries(UsageLog log, Connection connection, UsageData data, int summaryReads)
            throws SQLException {
        LocalDate last = LocalDate.ofInstant(data.now(), ZoneOffset.UTC);
        LocalDate first = last.minusDays(365);
        int warmUp = Math.max(50, summaryReads / 10);
        SummaryReads held = new SummaryReads(log, connection, UsageData.BIG_PROJECT, first, last);
        held.run(summaryReads, warmUp);
        summary("entries' days only", held);
        int added = data.addOlderDays(connection, first);
        SummaryReads full = new SummaryReads(log, connection, UsageData.BIG_PROJECT, first, last);
        full.run(summaryReads, warmUp);
        summary("every day (" + String.format(Locale.ROOT, "%,d", added) + " older daily rows added)", full);
    }

    private static void summary(String held, SummaryReads reads) {
        Map<String, Latencies> paths = reads.latencies();
        System.out.printf(Locale.ROOT, "%nGET /v1/usage/summary, 366 days of project 1, daily table holding %s: "
                + "%d daily rows read, body %,d bytes%n", held, reads.rows(), reads.bodyBytes());
        System.out.println(Latencies.header("path"));
        System.out.println(paths.get("bare").row("days SQL, bare JDBC (baseline)"));
        System.out.println(paths.get("store").row("JdbcUsageLog.days"));
        System.out.println(paths.get("endpoint").row("endpoint body (days, summary, JSON)"));
        ratio("days / baseline", paths.get("store"), paths.get("bare"));
        ratio("endpoint body / baseline", paths.get("endpoint"), paths.get("bare"));
        double p95 = paths.get("endpoint").millis(0.95);
        double max = paths.get("endpoint").millis(1.0);
        System.out.printf(Locale.ROOT, "budget <= %.0f ms: %s (endpoint body p95 %.2f ms, max %.2f ms)%n",
                SUMMARY_BUDGET_MS, p95 <= SUMMARY_BUDGET_MS ? "met" : "MISSED", p95, max);
    }

    private static void budget(String name, Latencies latencies) {
        double p95 = latencies.millis(0.95);
        System.out.printf(Locale.ROOT, "budget p95 <= %.0f ms: %s (%s p95 %.2f ms)%n", LOGS_BUDGET_P95_MS,
                p95 <= LOGS_BUDGET_P95_MS ? "met" : "MISSED", name, p95);
    }

    private static void ratio(String name, Latencies measured, Latencies baseline) {
        System.out.printf(Locale.ROOT, "%-46s p50 %.2f, p95 %.2f%n", name, measured.millis(0.5) / baseline.millis(0.5),
                measured.millis(0.95) / baseline.millis(0.95));
    }

    private static void explain(String title, PageReads reads, UsageLog.Query query) throws SQLException {
        System.out.printf("%nEXPLAIN (ANALYZE, BUFFERS), %s:%n", title);
        reads.explain(query).forEach(line -> System.out.println("  " + line));
    }

    private static String settings(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT version(), current_setting('shared_buffers'), "
                     + "current_setting('work_mem'), current_setting('effective_cache_size'), "
                     + "current_setting('random_page_cost'), current_setting('jit')")) {
            row.next();
            return String.format("%s; shared_buffers %s, work_mem %s, effective_cache_size %s, random_page_cost %s, jit %s",
                    row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                    row.getString(6));
        }
    }
}
