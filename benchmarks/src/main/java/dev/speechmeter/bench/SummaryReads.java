package dev.speechmeter.bench;

import dev.speechmeter.rest.UsageBodies;
import dev.speechmeter.spi.UsageLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The usage summary of one project over {@code first} to {@code last}, read again and again, in
 * rotating order, by:
 *
 * <ul>
 * <li>{@code bare}: the SQL {@code JdbcUsageLog.days} sends, through bare JDBC, rows fetched but
 * not read (the baseline);
 * <li>{@code store}: {@code JdbcUsageLog.days};
 * <li>{@code endpoint}: the endpoint's body: {@code JdbcUsageLog.days}, then the summary of every
 * day in total and per model built by the endpoint's own code and written to bytes (no HTTP, no
 * authentication).
 * </ul>
 */
final class SummaryReads {

    private static final String DAYS_SQL = "SELECT usage_day, model, num_requests, input_text_tokens, "
            + "input_audio_tokens, input_audio_duration_ms, output_text_tokens, output_audio_tokens, "
            + "output_audio_duration_ms, input_text_cost_usd, input_audio_cost_usd, output_text_cost_usd, "
            + "output_audio_cost_usd FROM sm_usage_daily WHERE project_id = ? AND usage_day >= ? AND usage_day <= ? "
            + "ORDER BY model, usage_day";
    private static final List<String> PATHS = List.of("bare", "store", "endpoint");

    private final UsageLog log;
    private final Connection connection;
    private final UUID projectId;
    private final LocalDate first;
    private final LocalDate last;
    private final Map<String, Latencies> paths = new LinkedHashMap<>();
    private int rows;
    private int bodyBytes;

    SummaryReads(UsageLog log, Connection connection, UUID projectId, LocalDate first, LocalDate last) {
        this.log = log;
        this.connection = connection;
        this.projectId = projectId;
        this.first = first;
        this.last = last;
        PATHS.forEach(path -> paths.put(path, new Latencies()));
    }

    /** Reads the summary {@code times} times through each path; the first {@code warmUp} are not counted. */
    void run(int times, int warmUp) throws SQLException {
        for (int n = 0; n < warmUp + times; n++) {
            for (int p = 0; p < PATHS.size(); p++) {
                String path = PATHS.get((n + p) % PATHS.size());
                long t0 = System.nanoTime();
                switch (path) {
                    case "bare" -> rows = bare();
                    case "store" -> log.days(projectId, first, last);
                    case "endpoint" -> bodyBytes = UsageBodies.summary(log, projectId, first, last).json().length;
                    default -> throw new IllegalStateException(path);
                }
                long elapsed = System.nanoTime() - t0;
                if (n >= warmUp) {
                    paths.get(path).add(elapsed);
                }
            }
        }
    }

    private int bare() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DAYS_SQL)) {
            statement.setObject(1, projectId);
            statement.setObject(2, first);
            statement.setObject(3, last);
            int count = 0;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    count++;
                }
            }
            return count;
        }
    }

    Map<String, Latencies> latencies() {
        return paths;
    }

    /** How many daily rows the window holds. */
    int rows() {
        return rows;
    }

    int bodyBytes() {
        return bodyBytes;
    }
}
