package dev.speechmeter.bench;

import dev.speechmeter.rest.UsageBodies;
import dev.speechmeter.spi.UsageLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Pages of {@value #LIMIT} usage-log entries of one project, read over random windows of 31 days
 * in both orders. Each walk reads a window's first page, the page its cursor points to, a page
 * from a random point of the window (as a cursor deep into the window holds), and the page after
 * that one. Every page is read in turn, in rotating order, by:
 *
 * <ul>
 * <li>{@code bare}: the keyset SQL that {@code JdbcUsageLog} sends, through bare JDBC, rows
 * fetched but not read (the baseline);
 * <li>{@code store}: {@code JdbcUsageLog.entries}, the rows mapped to entries;
 * <li>{@code endpoint}: the endpoint's body: its query parameters and cursor read by the endpoint's
 * own code, {@code JdbcUsageLog.entries}, the JSON built by the endpoint's code and written to
 * bytes (no HTTP, no authentication).
 * </ul>
 *
 * The paths are checked against each other on every page: the baseline's SQL is the text
 * {@code JdbcUsageLog} prepared, the row counts agree, and the endpoint's body is byte for byte
 * the body of the page {@code JdbcUsageLog.entries} returned for the benchmark's own query. Each
 * page also times a one-row read by primary key, the floor of any query on this connection.
 */
final class PageReads {

    static final int LIMIT = 1000;
    static final Duration WINDOW = Duration.ofDays(31);

    private static final String COLUMNS = "uuid, request_scope, client_reference_id, model, start_time, end_time, "
            + "input_text_tokens, input_audio_tokens, input_audio_duration_ms, output_text_tokens, output_audio_tokens, "
            + "output_audio_duration_ms, input_text_cost_usd, input_audio_cost_usd, output_text_cost_usd, "
            + "output_audio_cost_usd";

    /** The kinds of page a walk reads. */
    enum Kind { FIRST, CURSOR, DEEP }

    private final UsageLog log;
    private final ReusedConnection pooled;
    private final Connection connection;
    private final UUID projectId;
    private final Instant now;
    private final Instant oldest;
    private final Random random;
    private final Map<String, Latencies> paths = new LinkedHashMap<>();
    private final Map<String, Latencies> storeByPage = new LinkedHashMap<>();
    private long bytes;
    private long bodies;
    private int turn;

    /**
     * @param log    the usage log under test, reading through {@code pooled}
     * @param pooled the data source of {@code log}; the baseline reads its connection directly
     */
    PageReads(UsageLog log, ReusedConnection pooled, UUID projectId, Instant now, Instant oldest, Random random) {
        this.log = log;
        this.pooled = pooled;
        this.connection = pooled.connection();
        this.projectId = projectId;
        this.now = now;
        this.oldest = oldest;
        this.random = random;
        for (String path : pathsInOrder()) {
            paths.put(path, new Latencies());
        }
        paths.put("floor", new Latencies());
        for (boolean descending : new boolean[] {false, true}) {
            for (Kind kind : Kind.values()) {
                storeByPage.put(pageName(descending, kind), new Latencies());
            }
        }
    }

    /**
     * The SQL {@code JdbcUsageLog.entries} sends for a page of a whole project, without a reference
     * filter: after a cursor, its end time as a plain bound, then the row comparison.
     */
    static String keysetSql(boolean descending, boolean after) {
        String order = descending ? "DESC" : "ASC";
        String beyond = descending ? "<" : ">";
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM sm_usage_entry WHERE project_id = ? AND billable = TRUE AND end_time >= ? AND end_time < ?");
        if (after) {
            sql.append(" AND end_time ").append(beyond).append("= ?");
            sql.append(" AND (end_time ").append(beyond).append(" ? OR (end_time = ? AND uuid ").append(beyond).append(" ?))");
        }
        sql.append(" ORDER BY end_time ").append(order).append(", uuid ").append(order).append(" LIMIT ?");
        return sql.toString();
    }

    /**
     * Reads {@code walks} walks of four pages; the first {@code warmUp} pages are not counted.
     */
    void run(int walks, int warmUp) throws SQLException {
        int page = 0;
        for (int walk = 0; walk < walks; walk++) {
            boolean descending = random.nextBoolean();
            long span = Duration.between(oldest, now.minus(WINDOW)).toSeconds() - 60;
            Instant start = oldest.plusSeconds(60 + (long) (random.nextDouble() * span));
            Instant end = start.plus(WINDOW);
            UsageLog.Query first = new UsageLog.Query(projectId, start, end, LIMIT, descending, null, null);
            UsageLog.Page read = read(first, Kind.FIRST, page++ >= warmUp);
            if (read.next() != null) {
                read(first.after(read.next()), Kind.CURSOR, page++ >= warmUp);
            }
            Instant point = start.plusMillis((long) (random.nextDouble() * WINDOW.toMillis()));
            UsageLog.Query deep = first.after(new UsageLog.Position(point, new UUID(random.nextLong(), random.nextLong())));
            read = read(deep, Kind.DEEP, page++ >= warmUp);
            if (read.next() != null) {
                read(first.after(read.next()), Kind.CURSOR, page++ >= warmUp);
            }
            if ((walk + 1) % 25 == 0) {
                System.err.printf("%d of %d walks%n", walk + 1, walks);
            }
        }
    }

    /** One page through every path, in an order that rotates from page to page. */
    private UsageLog.Page read(UsageLog.Query query, Kind kind, boolean counted) throws SQLException {
        String cursor = query.after() == null ? null : UsageBodies.cursor(query.descending(), query.after());
        String sort = query.descending() ? "end_time_desc" : "end_time_asc";
        List<String> order = pathsInOrder();
        int shift = turn++ % order.size();
        List<String> rotated = new ArrayList<>(order.subList(shift, order.size()));
        rotated.addAll(order.subList(0, shift));
        UsageLog.Page page = null;
        int bareRows = -1;
        String storeSql = null;
        UsageBodies.Body body = null;
        String start = query.start().toString();
        String end = query.end().toString();
        for (String path : rotated) {
            long t0 = System.nanoTime();
            switch (path) {
                case "bare" -> bareRows = bare(query);
                case "store" -> page = log.entries(query);
                case "endpoint" -> body = UsageBodies.usageLogs(log, projectId, start, end, sort, cursor, now);
                default -> throw new IllegalStateException(path);
            }
            long elapsed = System.nanoTime() - t0;
            if (path.equals("store")) {
                storeSql = pooled.lastSql();
            }
            if (counted) {
                paths.get(path).add(elapsed);
                if (path.equals("store")) {
                    storeByPage.get(pageName(query.descending(), kind)).add(elapsed);
                }
            }
        }
        check(query, page, storeSql, bareRows, body, start, end, sort, cursor);
        if (counted) {
            bytes += body.json().length;
            bodies++;
        }
        if (!page.entries().isEmpty()) {
            long t0 = System.nanoTime();
            floor(page.entries().get(random.nextInt(page.entries().size())).uuid());
            if (counted) {
                paths.get("floor").add(System.nanoTime() - t0);
            }
        }
        return page;
    }

    /**
     * The paths agree: the baseline sent the SQL {@code JdbcUsageLog} prepared and got one row more
     * than the page holds when there is a next page; the endpoint's body is, byte for byte, the body
     * of the page {@code JdbcUsageLog.entries} returned for this query (made again here, untimed).
     */
    private void check(UsageLog.Query query, UsageLog.Page page, String storeSql, int bareRows, UsageBodies.Body body,
                       String start, String end, String sort, String cursor) {
        String sql = keysetSql(query.descending(), query.after() != null);
        if (!sql.equals(storeSql)) {
            throw new IllegalStateException("The baseline's SQL is not JdbcUsageLog's:\n  " + sql + "\n  " + storeSql);
        }
        UsageLog storePage = new UsageLog() {
            @Override
            public Page entries(Query asked) {
                if (!asked.equals(query)) {
                    throw new IllegalStateException("The endpoint asked for " + asked + ", not " + query);
                }
                return page;
            }

            @Override
            public List<Day> days(UUID project, LocalDate first, LocalDate last) {
                throw new UnsupportedOperationException();
            }
        };
        byte[] expected = UsageBodies.usageLogs(storePage, projectId, start, end, sort, cursor, now).json();
        int rows = page.entries().size() + (page.next() == null ? 0 : 1);
        if (bareRows != rows || body.entries() != page.entries().size() || !Arrays.equals(body.json(), expected)) {
            throw new IllegalStateException("The paths disagree: bare " + bareRows + " rows, store " + rows
                    + ", endpoint " + body.entries() + " entries, bodies of " + body.json().length + " and "
                    + expected.length + " bytes");
        }
    }

    /** The keyset SQL through bare JDBC: the rows are fetched but not read. */
    private int bare(UsageLog.Query query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                keysetSql(query.descending(), query.after() != null))) {
            bind(statement, query);
            int rows = 0;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement statement, UsageLog.Query query) throws SQLException {
        int i = 0;
        statement.setObject(++i, query.projectId());
        statement.setObject(++i, utc(query.start()));
        statement.setObject(++i, utc(query.end()));
        if (query.after() != null) {
            statement.setObject(++i, utc(query.after().endTime()));
            statement.setObject(++i, utc(query.after().endTime()));
            statement.setObject(++i, utc(query.after().endTime()));
            statement.setObject(++i, query.after().uuid());
        }
        statement.setInt(++i, query.limit() + 1);
    }

    private void floor(UUID uuid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT uuid FROM sm_usage_entry WHERE uuid = ?")) {
            statement.setObject(1, uuid);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("No entry " + uuid);
                }
            }
        }
    }

    /** The EXPLAIN (ANALYZE, BUFFERS) of one page's SQL. */
    List<String> explain(UsageLog.Query query) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) "
                + keysetSql(query.descending(), query.after() != null))) {
            bind(statement, query);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    plan.add(result.getString(1));
                }
            }
        }
        return plan;
    }

    Map<String, Latencies> latencies() {
        return paths;
    }

    private List<String> pathsInOrder() {
        return List.of("bare", "store", "endpoint");
    }

    Map<String, Latencies> storeByPage() {
        return storeByPage;
    }

    long meanBodyBytes() {
        return bodies == 0 ? 0 : bytes / bodies;
    }

    static String pageName(boolean descending, Kind kind) {
        return (descending ? "end_time_desc" : "end_time_asc") + ", " + switch (kind) {
            case FIRST -> "first page";
            case CURSOR -> "page after a cursor";
            case DEEP -> "page from a random point";
        };
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
