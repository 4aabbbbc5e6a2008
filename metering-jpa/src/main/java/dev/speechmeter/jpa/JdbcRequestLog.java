package dev.speechmeter.jpa;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The request list and daily usage over {@code sm_usage_entry}. Requests are paged newest first
 * on the index over (project, start time, id); usage is summed per UTC day of the end time on
 * the index over (project, end time, id), the same window the usage log uses. A filter's lists of
 * methods, keys and models become {@code IN} lists of bound parameters, at most
 * {@link RequestLog.Filter#MAX_VALUES} each; its tags, one search of the tags column each
 * (see {@link TagsColumn}). {@code total_hours} is the input audio times its channels.
 *
 * <pre>{@code
 * RequestLog log = new JdbcRequestLog(dataSource);
 * List<UsageRecord> page = log.requests(RequestLog.Filter.of(projectId, start, end), 10, 0);
 * }</pre>
 */
public final class JdbcRequestLog implements RequestLog {

    private static final String COLUMNS = "uuid, organization_id, project_id, api_key_id, correlation_id, request_scope, "
            + "endpoint, method, status_code, client_reference_id, start_time, end_time, " + UsageColumns.USAGE + ", "
            + UsageColumns.COSTS;

    private final DataSource dataSource;
    private volatile SqlDialect dialect;

    public JdbcRequestLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<Project> project(UUID projectId) {
        Where where = new Where("id = ?", projectId);
        List<Project> projects = query("SELECT id, organization_id, name FROM sm_project " + where, where,
                row -> new Project(row.getObject("id", UUID.class), row.getObject("organization_id", UUID.class),
                        row.getString("name")));
        return projects.stream().findFirst();
    }

    @Override
    public List<UsageRecord> requests(Filter filter, int limit, int page) {
        SqlDialect dialect = dialect();
        Where where = new Where("project_id = ?", filter.projectId())
                .and("start_time >= ?", dialect.timestamp(filter.start()))
                .and("start_time < ?", dialect.timestamp(filter.end()));
        if (filter.status() == Status.SUCCEEDED) {
            where.and("status_code < 300");
        } else if (filter.status() == Status.FAILED) {
            where.and("status_code >= 400");
        }
        matching(where, filter);
        where.parameters.add(limit);
        where.parameters.add((long) page * limit);
        return query("SELECT " + COLUMNS + " FROM sm_usage_entry " + where
                + " ORDER BY start_time DESC, uuid DESC LIMIT ? OFFSET ?", where, row -> record(row, dialect));
    }

    @Override
    public Optional<UsageRecord> request(UUID projectId, UUID requestId) {
        SqlDialect dialect = dialect();
        Where where = new Where("uuid = ?", requestId).and("project_id = ?", projectId);
        return query("SELECT " + COLUMNS + " FROM sm_usage_entry " + where, where, row -> record(row, dialect))
                .stream().findFirst();
    }

    @Override
    public List<Totals> usage(Filter filter, Set<Grouping> groupings) {
        Set<Grouping> grouped = groupings.isEmpty() ? EnumSet.noneOf(Grouping.class) : EnumSet.copyOf(groupings);
        String day = dialect().utcDay("end_time");
        StringBuilder keys = new StringBuilder(day);
        for (Grouping grouping : grouped) {
            keys.append(", ").append(column(grouping));
        }
        Where where = billedIn(dialect(), filter.projectId(), filter.start(), filter.end());
        matching(where, filter);
        String sql = "SELECT " + keys + ", COUNT(*) AS requests, SUM(input_audio_duration_ms) AS input_audio_ms, "
                + "SUM(input_audio_duration_ms * channels) AS all_channels_ms, "
                + "SUM(input_text_tokens + input_audio_tokens) AS input_tokens, "
                + "SUM(output_text_tokens + output_audio_tokens) AS output_tokens FROM sm_usage_entry " + where
                + " GROUP BY " + keys + " ORDER BY " + keys;
        return query(sql, where, row -> new Totals(row.getObject(1, LocalDate.class),
                grouped.contains(Grouping.ACCESSOR) ? row.getObject("api_key_id", UUID.class) : null,
                grouped.contains(Grouping.ENDPOINT) ? row.getString("request_scope") : null,
                grouped.contains(Grouping.MODEL) ? row.getString("model") : null,
                grouped.contains(Grouping.METHOD) ? row.getString("method") : null,
                grouped.contains(Grouping.TAGS) ? TagsColumn.decode(row.getString("tags")) : null,
                row.getLong("requests"), row.getLong("input_audio_ms"), row.getLong("all_channels_ms"),
                row.getLong("input_tokens"), row.getLong("output_tokens")));
    }

    @Override
    public Fields fields(UUID projectId, Instant start, Instant end) {
        Map<String, Set<String>> modelLanguages = new TreeMap<>();
        Where where = billedIn(dialect(), projectId, start, end).and("model IS NOT NULL");
        query("SELECT DISTINCT model, language_tag FROM sm_usage_entry " + where, where,
                row -> modelLanguages.computeIfAbsent(row.getString(1), model -> new HashSet<>()).add(row.getString(2)));
        List<Model> models = new ArrayList<>();
        modelLanguages.forEach((model, languages) -> models.add(
                new Model(model, languages.size() == 1 ? languages.iterator().next() : null)));
        Set<String> tags = new TreeSet<>();
        distinct("tags", projectId, start, end).forEach(column -> tags.addAll(TagsColumn.decode(column)));
        return new Fields(models, distinct("method", projectId, start, end),
                distinct("language_tag", projectId, start, end), List.copyOf(tags));
    }

    private List<String> distinct(String column, UUID projectId, Instant start, Instant end) {
        Where where = billedIn(dialect(), projectId, start, end).and(column + " IS NOT NULL");
        return query("SELECT DISTINCT " + column + " FROM sm_usage_entry " + where + " ORDER BY " + column, where,
                row -> row.getString(1));
    }

    private static Where billedIn(SqlDialect dialect, UUID projectId, Instant start, Instant end) {
        return new Where("project_id = ?", projectId)
                .and("billable = TRUE")
                .and("end_time >= ?", dialect.timestamp(start))
                .and("end_time < ?", dialect.timestamp(end));
    }

    /** The filters both the request list and the usage share. */
    private static void matching(Where where, Filter filter) {
        where.andAnyOf("method", filter.methods())
                .andIfSet("request_scope = ?", filter.endpoint())
                .andAnyOf("api_key_id", filter.accessors())
                .andIfSet("uuid = ?", filter.requestId())
                .andAnyOf("model", filter.models())
                .andAnyTag(filter.tags());
    }

    private static String column(Grouping grouping) {
        return switch (grouping) {
            case ACCESSOR -> "api_key_id";
            case ENDPOINT -> "request_scope";
            case MODEL -> "model";
            case METHOD -> "method";
            case TAGS -> "tags";
        };
    }

    private SqlDialect dialect() {
        SqlDialect known = dialect;
        if (known == null) {
            known = SqlDialect.of(dataSource);
            dialect = known;
        }
        return known;
    }

    private <T> List<T> query(String sql, Where where, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < where.parameters.size(); i++) {
                statement.setObject(i + 1, where.parameters.get(i));
            }
            List<T> results = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    results.add(reader.read(rows));
                }
            }
            return results;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the request log: " + e.getMessage(), e);
        }
    }

    private static UsageRecord record(ResultSet row, SqlDialect dialect) throws SQLException {
        Caller caller = new Caller(row.getObject("api_key_id", UUID.class), row.getObject("project_id", UUID.class),
                row.getObject("organization_id", UUID.class), Limits.none(), Limits.none());
        Usage usage = UsageColumns.usage(row);
        Costs costs = UsageColumns.costs(row);
        return new UsageRecord(row.getObject("uuid", UUID.class), row.getString("correlation_id"), caller,
                row.getString("request_scope"), row.getString("endpoint"), row.getString("method"),
                row.getInt("status_code"), row.getString("client_reference_id"),
                dialect.instant(row, "start_time"), dialect.instant(row, "end_time"), usage, costs);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A WHERE clause of conditions joined by AND, with the values of its parameters in order. */
    private static final class Where {

        private final StringBuilder conditions = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        Where(String condition, Object value) {
            and(condition, value);
        }

        Where and(String condition) {
            conditions.append(conditions.length() == 0 ? "WHERE " : " AND ").append(condition);
            return this;
        }

        Where and(String condition, Object value) {
            parameters.add(value);
            return and(condition);
        }

        Where andIfSet(String condition, Object value) {
            return value == null ? this : and(condition, value);
        }

        /** {@code column} equal to one of the values, each a bound parameter; no condition when there are none. */
        Where andAnyOf(String column, List<?> values) {
            if (values.isEmpty()) {
                return this;
            }
            if (values.size() == 1) {
                return and(column + " = ?", values.get(0));
            }
            parameters.addAll(values);
            return and(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
        }

        /** The tags column holding any of the tags, each a bound parameter; no condition when there are none. */
        Where andAnyTag(List<String> tags) {
            if (tags.isEmpty()) {
                return this;
            }
            tags.forEach(tag -> parameters.add(TagsColumn.needle(tag)));
            return and("(" + String.join(" OR ", Collections.nCopies(tags.size(), "POSITION(? IN tags) > 0")) + ")");
        }

        @Override
        public String toString() {
            return conditions.toString();
        }
    }
}
