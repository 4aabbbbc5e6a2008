package dev.speechmeter.jpa;

import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One column of {@code sm_usage_entry} as the usage writers fill it: its name, its PostgreSQL
 * type (for the array insert), and how a record gives its value. {@link #ALL} is the one list
 * every writer binds in order.
 *
 * @param name     the column
 * @param pgType   the element type of its PostgreSQL array
 * @param sqlType  the {@link Types} of a null value
 * @param value    the record's value: a UUID, String, Integer, Boolean, Long, BigDecimal or Instant
 */
record EntryColumn(String name, String pgType, int sqlType, Function<UsageRecord, Object> value) {

    static final List<EntryColumn> ALL = List.of(
            new EntryColumn("uuid", "uuid", Types.OTHER, UsageRecord::requestId),
            new EntryColumn("organization_id", "uuid", Types.OTHER, r -> r.caller().organizationId()),
            new EntryColumn("project_id", "uuid", Types.OTHER, r -> r.caller().projectId()),
            new EntryColumn("api_key_id", "uuid", Types.OTHER, r -> r.caller().apiKeyId()),
            new EntryColumn("correlation_id", "varchar", Types.VARCHAR, UsageRecord::correlationId),
            new EntryColumn("request_scope", "varchar", Types.VARCHAR, UsageRecord::requestScope),
            new EntryColumn("endpoint", "varchar", Types.VARCHAR, UsageRecord::endpoint),
            new EntryColumn("method", "varchar", Types.VARCHAR, UsageRecord::method),
            new EntryColumn("status_code", "int4", Types.INTEGER, UsageRecord::statusCode),
            new EntryColumn("billable", "bool", Types.BOOLEAN, UsageRecord::billable),
            new EntryColumn("client_reference_id", "varchar", Types.VARCHAR, UsageRecord::clientReferenceId),
            new EntryColumn("model", "varchar", Types.VARCHAR, r -> r.usage().model()),
            new EntryColumn("channels", "int4", Types.INTEGER, r -> r.usage().channels()),
            new EntryColumn("language_tag", "varchar", Types.VARCHAR, r -> r.usage().language()),
            new EntryColumn("tags", "varchar", Types.VARCHAR, r -> TagsColumn.encode(r.usage().tags())),
            new EntryColumn("start_time", "timestamptz", Types.TIMESTAMP_WITH_TIMEZONE, UsageRecord::startTime),
            new EntryColumn("end_time", "timestamptz", Types.TIMESTAMP_WITH_TIMEZONE, UsageRecord::endTime),
            new EntryColumn("input_text_tokens", "int8", Types.BIGINT, r -> r.usage().inputTextTokens()),
            new EntryColumn("input_audio_tokens", "int8", Types.BIGINT, r -> r.usage().inputAudioTokens()),
            new EntryColumn("input_audio_duration_ms", "int8", Types.BIGINT, r -> r.usage().inputAudioDurationMs()),
            new EntryColumn("output_text_tokens", "int8", Types.BIGINT, r -> r.usage().outputTextTokens()),
            new EntryColumn("output_audio_tokens", "int8", Types.BIGINT, r -> r.usage().outputAudioTokens()),
            new EntryColumn("output_audio_duration_ms", "int8", Types.BIGINT, r -> r.usage().outputAudioDurationMs()),
            new EntryColumn("cost_usd", "numeric", Types.DECIMAL, r -> r.costs().costUsd()),
            new EntryColumn("input_cost_usd", "numeric", Types.DECIMAL, r -> r.costs().inputCostUsd()),
            new EntryColumn("input_text_cost_usd", "numeric", Types.DECIMAL, r -> r.costs().inputTextCostUsd()),
            new EntryColumn("input_audio_cost_usd", "numeric", Types.DECIMAL, r -> r.costs().inputAudioCostUsd()),
            new EntryColumn("output_cost_usd", "numeric", Types.DECIMAL, r -> r.costs().outputCostUsd()),
            new EntryColumn("output_text_cost_usd", "numeric", Types.DECIMAL, r -> r.costs().outputTextCostUsd()),
            new EntryColumn("output_audio_cost_usd", "numeric", Types.DECIMAL, r -> r.costs().outputAudioCostUsd()));

    static final List<String> NAMES = ALL.stream().map(EntryColumn::name).toList();

    /** Binds every column of {@code record}, in {@link #ALL}'s order, times as the dialect stores them. */
    static void bindAll(PreparedStatement statement, SqlDialect dialect, UsageRecord record) throws SQLException {
        int index = 0;
        for (EntryColumn column : ALL) {
            Object value = column.value().apply(record);
            if (value == null) {
                statement.setNull(++index, column.sqlType());
            } else {
                statement.setObject(++index, value instanceof Instant instant ? dialect.timestamp(instant) : value);
            }
        }
    }

    /** The value as text of a PostgreSQL array element: times in ISO-8601, decimals without exponent. */
    Object arrayElement(UsageRecord record) {
        Object element = value.apply(record);
        if (element instanceof Instant instant) {
            return instant.toString();
        }
        if (element instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return element;
    }
}
