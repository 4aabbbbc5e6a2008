package dev.speechmeter.jpa;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The usage log over {@code sm_usage_entry}: keyset pages in (end time, id) order, served by the
 * index on (project, end time, id). Only billed entries (2xx) are in the log.
 *
 * <pre>{@code
 * UsageLog log = new JdbcUsageLog(dataSource);
 * UsageLog.Page page = log.entries(query);
 * }</pre>
 */
public final class JdbcUsageLog implements UsageLog {

    private static final String COLUMNS = "uuid, request_scope, client_reference_id, start_time, end_time, "
            + UsageColumns.USAGE + ", " + UsageColumns.COSTS;

    private final DataSource dataSource;
    private final KnownDialect dialects = new KnownDialect();

    public JdbcUsageLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Page entries(Query query) {
        String order = query.descending() ? "DESC" : "ASC";
        String beyond = query.descending() ? "<" : ">";
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM sm_usage_entry WHERE project_id = ? AND billable = TRUE AND end_time >= ? AND end_time < ?");
        if (query.after() != null) {
            // The plain bound lets the index scan start at the cursor; the row comparison alone
            // would only filter, reading the window from its start on every page.
            sql.append(" AND end_time ").append(beyond).append("= ?");
            sql.append(" AND (end_time ").append(beyond).append(" ? OR (end_time = ? AND uuid ").append(beyond).append(" ?))");
        }
        if (query.clientReferenceId() != null) {
            sql.append(" AND client_reference_id = ?");
        }
        sql.append(" ORDER BY end_time ").append(order).append(", uuid ").append(order).append(" LIMIT ?");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            SqlDialect dialect = dialects.of(connection);
            int i = 0;
            statement.setObject(++i, query.projectId());
            statement.setObject(++i, dialect.timestamp(query.start()));
            statement.setObject(++i, dialect.timestamp(query.end()));
            if (query.after() != null) {
                statement.setObject(++i, dialect.timestamp(query.after().endTime()));
                statement.setObject(++i, dialect.timestamp(query.after().endTime()));
                statement.setObject(++i, dialect.timestamp(query.after().endTime()));
                statement.setObject(++i, query.after().uuid());
            }
            if (query.clientReferenceId() != null) {
                statement.setString(++i, query.clientReferenceId());
            }
            statement.setInt(++i, query.limit() + 1);
            List<Entry> entries = new ArrayList<>(query.limit() + 1);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows, dialect));
                }
            }
            if (entries.size() <= query.limit()) {
                return new Page(entries, null);
            }
            List<Entry> page = List.copyOf(entries.subList(0, query.limit()));
            Entry last = page.get(page.size() - 1);
            return new Page(page, new Position(last.endTime(), last.uuid()));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the usage log: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Day> days(UUID projectId, LocalDate first, LocalDate last) {
        String sql = "SELECT usage_day, model, num_requests, input_text_tokens, input_audio_tokens, input_audio_duration_ms, "
                + "output_text_tokens, output_audio_tokens, output_audio_duration_ms, input_text_cost_usd, "
                + "input_audio_cost_usd, output_text_cost_usd, output_audio_cost_usd FROM sm_usage_daily "
                + "WHERE project_id = ? AND usage_day >= ? AND usage_day <= ? ORDER BY model, usage_day";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, projectId);
            statement.setObject(2, first);
            statement.setObject(3, last);
            List<Day> days = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String model = row.getString("model");
                    Usage usage = new Usage(model.isEmpty() ? null : model, row.getLong("input_text_tokens"),
                            row.getLong("input_audio_tokens"), row.getLong("input_audio_duration_ms"),
                            row.getLong("output_text_tokens"), row.getLong("output_audio_tokens"),
                            row.getLong("output_audio_duration_ms"));
                    Costs costs = new Costs(row.getBigDecimal("input_text_cost_usd"),
                            row.getBigDecimal("input_audio_cost_usd"), row.getBigDecimal("output_text_cost_usd"),
                            row.getBigDecimal("output_audio_cost_usd"));
                    days.add(new Day(row.getObject("usage_day", LocalDate.class), row.getLong("num_requests"), usage, costs));
                }
            }
            return days;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the daily usage: " + e.getMessage(), e);
        }
    }


    private static Entry entry(ResultSet row, SqlDialect dialect) throws SQLException {
        Usage usage = UsageColumns.usage(row);
        Costs costs = UsageColumns.costs(row);
        return new Entry(row.getObject("uuid", UUID.class), row.getString("request_scope"),
                row.getString("client_reference_id"),
                dialect.instant(row, "start_time"), dialect.instant(row, "end_time"), usage, costs);
    }
}
