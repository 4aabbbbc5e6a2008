package dev.speechmeter.bench;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code JdbcUsageLog.entries} with the one change proposed for it: after a cursor, the cursor's
 * end time is also given as a plain range bound ({@code end_time >= ?}, or {@code <=} newest
 * first), so that the index scan starts at the cursor instead of at the start of the window. The
 * rest, the SQL and the mapping of the rows, is the same; whole projects only (no reference filter).
 */
final class BoundedUsageLog implements UsageLog {

    private final DataSource dataSource;
    private final UsageLog days;

    BoundedUsageLog(DataSource dataSource, UsageLog days) {
        this.dataSource = dataSource;
        this.days = days;
    }

    @Override
    public Page entries(Query query) {
        if (query.clientReferenceId() != null) {
            throw new UnsupportedOperationException("client_reference_id");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     PageReads.keysetSql(query.descending(), query.after() != null, true))) {
            PageReads.bind(statement, query, true);
            List<Entry> entries = new ArrayList<>(query.limit() + 1);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
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
        return days.days(projectId, first, last);
    }

    private static Entry entry(ResultSet row) throws SQLException {
        Usage usage = new Usage(row.getString("model"), row.getLong("input_text_tokens"),
                row.getLong("input_audio_tokens"), row.getLong("input_audio_duration_ms"),
                row.getLong("output_text_tokens"), row.getLong("output_audio_tokens"),
                row.getLong("output_audio_duration_ms"));
        Costs costs = new Costs(row.getBigDecimal("input_text_cost_usd"), row.getBigDecimal("input_audio_cost_usd"),
                row.getBigDecimal("output_text_cost_usd"), row.getBigDecimal("output_audio_cost_usd"));
        return new Entry(row.getObject("uuid", UUID.class), row.getString("request_scope"),
                row.getString("client_reference_id"),
                row.getObject("start_time", OffsetDateTime.class).toInstant(),
                row.getObject("end_time", OffsetDateTime.class).toInstant(), usage, costs);
    }
}
