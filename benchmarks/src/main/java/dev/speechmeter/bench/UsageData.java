package dev.speechmeter.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Usage entries and their daily totals written straight into the migrated schema with
 * {@code INSERT ... SELECT} over {@code generate_series}, in the order of their end times, as
 * requests would have written them over the last {@value #DAYS} days:
 *
 * <ul>
 * <li>{@value #PROJECTS} projects; project 1 holds 80% of the entries, the others share the rest;
 * <li>four models: {@code stt-async-v3} 45%, {@code stt-rt-v3} 25%, {@code tts-rt-v1} 20%,
 * {@code tts-v1} 10%, with audio lengths and text sizes skewed towards short requests;
 * <li>3% failed requests (400, 429, 500, 503), not billable, without usage;
 * <li>costs per token of each kind, rounded to the micro-dollar, so that {@code cost = input + output}
 * and {@code input = input_text + input_audio} hold exactly;
 * <li>request ids are time-ordered (UUID version 7, from the start time), a quarter of the entries
 * carry a {@code client_reference_id}.
 * </ul>
 *
 * The table's indexes are dropped for the load and made again from their own definitions, as a
 * bulk load would do; then the daily totals are summed from the billable entries and the table is
 * vacuumed and analyzed, so that no autovacuum runs during the measurement.
 */
final class UsageData {

    static final int PROJECTS = 50;
    static final int DAYS = 91;
    static final UUID BIG_PROJECT = project(1);

    private static final String ENTRIES = """
            INSERT INTO sm_usage_entry (uuid, organization_id, project_id, api_key_id, correlation_id, request_scope,
                endpoint, method, status_code, billable, client_reference_id, model, start_time, end_time,
                input_text_tokens, input_audio_tokens, input_audio_duration_ms, output_text_tokens, output_audio_tokens,
                output_audio_duration_ms, cost_usd, input_cost_usd, input_text_cost_usd, input_audio_cost_usd,
                output_cost_usd, output_text_cost_usd, output_audio_cost_usd)
            SELECT (lpad(to_hex((extract(epoch FROM start_time) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3)
                    || substr('89ab', 1 + (g % 4)::int, 1) || substr(h, 4, 15))::uuid,
                   ('00000000-0000-4000-8100-' || lpad(to_hex(CASE WHEN p = 1 THEN 1 ELSE 2 + p % 10 END), 12, '0'))::uuid,
                   ('00000000-0000-4000-8000-' || lpad(to_hex(p), 12, '0'))::uuid,
                   ('00000000-0000-4000-8200-' || lpad(to_hex(p), 12, '0'))::uuid,
                   substr(h, 19, 14),
                   (ARRAY['transcribe_async', 'transcribe_websocket', 'tts_rt', 'tts_rest'])[m],
                   (ARRAY['/v1/transcriptions', '/v1/transcribe-websocket', '/v1/tts-websocket', '/v1/tts'])[m],
                   (ARRAY['POST', 'GET', 'GET', 'POST'])[m],
                   status, status = 200, reference, (ARRAY['stt-async-v3', 'stt-rt-v3', 'tts-rt-v1', 'tts-v1'])[m],
                   start_time, end_time, it, ia, iams, ot, oa, oams,
                   itc + iac + otc + oac, itc + iac, itc, iac, otc + oac, otc, oac
            FROM (
                SELECT *, round(it * 0.0000035, 6) AS itc, round(ia * 0.0000017, 6) AS iac,
                       round(ot * 0.0000070, 6) AS otc, round(oa * 0.0000140, 6) AS oac,
                       end_time - make_interval(secs => busy_ms / 1000.0) AS start_time
                FROM (
                    SELECT g, h, p, m, status, reference, end_time, busy_ms,
                           it * k AS it, iams / 120 * k AS ia, iams * k AS iams, iams / 300 * k AS ot,
                           oams / 20 * k AS oa, oams * k AS oams
                    FROM (
                        SELECT *, CASE m WHEN 1 THEN iams / 20 + 500 WHEN 2 THEN iams + 200 WHEN 3 THEN oams + 200
                                         ELSE oams / 10 + 300 END AS busy_ms
                        FROM (
                            SELECT *, it * 60 AS oams, CASE WHEN status = 200 THEN 1 ELSE 0 END AS k
                            FROM (
                                SELECT g, h, p, m, status, reference, end_time,
                                       CASE WHEN m <= 2 THEN (1000 + rl * rl * 1799000)::bigint ELSE 0 END AS iams,
                                       CASE WHEN m >= 3 THEN (5 + rl * rl * 1495)::bigint ELSE 0 END AS it
                                FROM (
                                    SELECT g, h, rl,
                                           CASE WHEN rp < 0.8 THEN 1 ELSE 2 + least(floor((rp - 0.8) / 0.2 * 49), 48)::int END AS p,
                                           CASE WHEN rm < 0.45 THEN 1 WHEN rm < 0.70 THEN 2 WHEN rm < 0.90 THEN 3 ELSE 4 END AS m,
                                           CASE WHEN rf < 0.97 THEN 200
                                                ELSE (ARRAY[400, 429, 500, 503])[1 + least(floor((rf - 0.97) / 0.03 * 4), 3)::int]
                                           END AS status,
                                           CASE WHEN rr < 0.25 THEN 'job-' || g END AS reference,
                                           ?::timestamptz + make_interval(secs => (g - 1 + rj) * ?) AS end_time
                                    FROM (
                                        SELECT g, md5(g::text) AS h, random() AS rp, random() AS rm, random() AS rf,
                                               random() AS rl, random() AS rr, random() AS rj
                                        FROM generate_series(1, ?::bigint) g
                                    ) AS draws
                                ) AS shape
                            ) AS sizes
                        ) AS outputs
                    ) AS busy
                ) AS used
            ) AS priced
            """;

    private static final String DAILY = """
            INSERT INTO sm_usage_daily (project_id, usage_day, model, num_requests, input_text_tokens,
                input_audio_tokens, input_audio_duration_ms, output_text_tokens, output_audio_tokens,
                output_audio_duration_ms, input_text_cost_usd, input_audio_cost_usd, output_text_cost_usd,
                output_audio_cost_usd)
            SELECT project_id, (end_time AT TIME ZONE 'UTC')::date, coalesce(model, ''), count(*),
                   sum(input_text_tokens), sum(input_audio_tokens), sum(input_audio_duration_ms), sum(output_text_tokens),
                   sum(output_audio_tokens), sum(output_audio_duration_ms), sum(input_text_cost_usd),
                   sum(input_audio_cost_usd), sum(output_text_cost_usd), sum(output_audio_cost_usd)
            FROM sm_usage_entry WHERE billable GROUP BY 1, 2, 3
            """;

    private static final String OLDER_DAYS = """
            INSERT INTO sm_usage_daily (project_id, usage_day, model, num_requests, input_text_tokens,
                input_audio_tokens, input_audio_duration_ms, output_text_tokens, output_audio_tokens,
                output_audio_duration_ms, input_text_cost_usd, input_audio_cost_usd, output_text_cost_usd,
                output_audio_cost_usd)
            SELECT project_id, day::date, model, num_requests, input_text_tokens, input_audio_tokens,
                   input_audio_duration_ms, output_text_tokens, output_audio_tokens, output_audio_duration_ms,
                   input_text_cost_usd, input_audio_cost_usd, output_text_cost_usd, output_audio_cost_usd
            FROM sm_usage_daily CROSS JOIN generate_series(?::date, ?::date, interval '1 day') AS day
            WHERE usage_day = ?
            """;

    private final Instant now;
    private final long rows;

    /**
     * @param now  the end of the data: entries end from {@value #DAYS} days before it up to it
     * @param rows how many entries
     */
    UsageData(Instant now, long rows) {
        this.now = now;
        this.rows = rows;
    }

    static UUID project(int number) {
        return UUID.fromString(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", number));
    }

    Instant now() {
        return now;
    }

    Instant oldest() {
        return now.minus(Duration.ofDays(DAYS));
    }

    /** Writes the entries and the daily totals, and returns how long each step took. */
    LoadTimes load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET maintenance_work_mem = '1GB'");
            statement.execute("SELECT setseed(0.42)");
            List<String> dropped = new ArrayList<>();
            List<String> remade = new ArrayList<>();
            indexes(connection, dropped, remade);
            long t0 = System.nanoTime();
            for (String drop : dropped) {
                statement.execute(drop);
            }
            try (PreparedStatement insert = connection.prepareStatement(ENTRIES)) {
                insert.setObject(1, OffsetDateTime.ofInstant(oldest(), ZoneOffset.UTC));
                insert.setDouble(2, Duration.ofDays(DAYS).toSeconds() / (double) rows);
                insert.setLong(3, rows);
                insert.executeUpdate();
            }
            long t1 = System.nanoTime();
            for (String make : remade) {
                statement.execute(make);
            }
            long t2 = System.nanoTime();
            statement.executeUpdate(DAILY);
            long t3 = System.nanoTime();
            statement.execute("VACUUM (FREEZE, ANALYZE) sm_usage_entry");
            statement.execute("VACUUM (FREEZE, ANALYZE) sm_usage_daily");
            long t4 = System.nanoTime();
            return new LoadTimes(rows, seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), seconds(t4 - t3));
        }
    }

    /**
     * Gives every project the days before the entries, up to {@code first}, a copy of the totals
     * of a full day a week ago, so that a year-long summary reads a full year of rows.
     */
    int addOlderDays(Connection connection, LocalDate first) throws SQLException {
        LocalDate template = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(7);
        LocalDate lastMissing = LocalDate.ofInstant(oldest(), ZoneOffset.UTC).minusDays(1);
        int added;
        try (PreparedStatement insert = connection.prepareStatement(OLDER_DAYS)) {
            insert.setObject(1, first);
            insert.setObject(2, lastMissing);
            insert.setObject(3, template);
            added = insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) sm_usage_daily");
        }
        return added;
    }

    /** Checks that the daily totals add up to the billable entries, as the writer keeps them. */
    void checkTotals(Connection connection) throws SQLException {
        String entries = "SELECT count(*), sum(cost_usd) FROM sm_usage_entry WHERE billable";
        String daily = "SELECT sum(num_requests), sum(input_text_cost_usd + input_audio_cost_usd + output_text_cost_usd "
                + "+ output_audio_cost_usd) FROM sm_usage_daily";
        String broken = "SELECT count(*) FROM sm_usage_entry WHERE cost_usd <> input_cost_usd + output_cost_usd "
                + "OR input_cost_usd <> input_text_cost_usd + input_audio_cost_usd "
                + "OR output_cost_usd <> output_text_cost_usd + output_audio_cost_usd";
        try (Statement statement = connection.createStatement()) {
            String fromEntries = twoValues(statement, entries);
            String fromDaily = twoValues(statement, daily);
            String brokenRows = twoValues(statement, "SELECT (" + broken + "), 0").split(" ")[0];
            if (!fromEntries.equals(fromDaily) || !brokenRows.equals("0")) {
                throw new IllegalStateException("Daily totals " + fromDaily + " do not match the entries " + fromEntries
                        + ", or " + brokenRows + " entries' costs do not add up");
            }
        }
    }

    /** One line per project size and model share, to show what was written. */
    List<String> describe(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT pg_size_pretty(pg_table_size('sm_usage_entry')), "
                    + "pg_size_pretty(pg_indexes_size('sm_usage_entry')), count(*) FILTER (WHERE project_id = '"
                    + BIG_PROJECT + "'), count(*) FILTER (WHERE NOT billable), count(*) FILTER (WHERE "
                    + "client_reference_id IS NOT NULL), min(end_time), max(end_time) FROM sm_usage_entry")) {
                row.next();
                lines.add(String.format(Locale.ROOT, "table %s, indexes %s; project 1: %,d entries; not billable: %,d; "
                                + "with client_reference_id: %,d; end times %s .. %s", row.getString(1), row.getString(2),
                        row.getLong(3), row.getLong(4), row.getLong(5), row.getObject(6, OffsetDateTime.class),
                        row.getObject(7, OffsetDateTime.class)));
            }
            try (ResultSet row = statement.executeQuery("SELECT model, count(*), round(avg(cost_usd), 6), "
                    + "round(avg(input_audio_duration_ms + output_audio_duration_ms)) FROM sm_usage_entry WHERE billable "
                    + "GROUP BY model ORDER BY model")) {
                while (row.next()) {
                    lines.add(String.format(Locale.ROOT, "  %-13s %,11d billable, mean cost %s USD, mean audio %,d ms",
                            row.getString(1), row.getLong(2), row.getBigDecimal(3).toPlainString(), row.getLong(4)));
                }
            }
        }
        return lines;
    }

    /** The statements that drop the entry table's indexes and those that make them again as they were. */
    private static void indexes(Connection connection, List<String> dropped, List<String> remade) throws SQLException {
        String sql = "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname, "
                + "pg_get_constraintdef(c.oid) FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
                + "AND c.conrelid = i.indrelid WHERE i.indrelid = 'sm_usage_entry'::regclass ORDER BY 1";
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                String constraint = row.getString(3);
                if (constraint == null) {
                    dropped.add("DROP INDEX " + row.getString(1));
                    remade.add(row.getString(2));
                } else {
                    dropped.add("ALTER TABLE sm_usage_entry DROP CONSTRAINT " + constraint);
                    remade.add("ALTER TABLE sm_usage_entry ADD CONSTRAINT " + constraint + " " + row.getString(4));
                }
            }
        }
    }

    private static String twoValues(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1) + " " + row.getString(2);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Seconds each step of the load took. */
    record LoadTimes(long rows, double entries, double indexes, double daily, double vacuum) {

        double total() {
            return entries + indexes + daily + vacuum;
        }
    }
}
