package dev.speechmeter.jpa;

import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * A whole batch of usage entries in one PostgreSQL statement: one array per column, zipped back
 * into rows by {@code unnest}, so that the server plans and runs one statement for the batch
 * instead of one per entry. A request id already stored is left as it is; {@code RETURNING}
 * tells which entries were new.
 */
final class PostgresEntryInsert {

    /** Column, array element type, and how a record gives the value. */
    private record Column(String name, String type, Function<UsageRecord, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("uuid", "uuid", UsageRecord::requestId),
            new Column("organization_id", "uuid", r -> r.caller().organizationId()),
            new Column("project_id", "uuid", r -> r.caller().projectId()),
            new Column("api_key_id", "uuid", r -> r.caller().apiKeyId()),
            new Column("correlation_id", "varchar", UsageRecord::correlationId),
            new Column("request_scope", "varchar", UsageRecord::requestScope),
            new Column("endpoint", "varchar", UsageRecord::endpoint),
            new Column("method", "varchar", UsageRecord::method),
            new Column("status_code", "int4", UsageRecord::statusCode),
            new Column("billable", "bool", UsageRecord::billable),
            new Column("client_reference_id", "varchar", UsageRecord::clientReferenceId),
            new Column("model", "varchar", r -> r.usage().model()),
            new Column("start_time", "timestamptz", r -> r.startTime().toString()),
            new Column("end_time", "timestamptz", r -> r.endTime().toString()),
            new Column("input_text_tokens", "int8", r -> r.usage().inputTextTokens()),
            new Column("input_audio_tokens", "int8", r -> r.usage().inputAudioTokens()),
            new Column("input_audio_duration_ms", "int8", r -> r.usage().inputAudioDurationMs()),
            new Column("output_text_tokens", "int8", r -> r.usage().outputTextTokens()),
            new Column("output_audio_tokens", "int8", r -> r.usage().outputAudioTokens()),
            new Column("output_audio_duration_ms", "int8", r -> r.usage().outputAudioDurationMs()),
            new Column("cost_usd", "numeric", r -> plain(r.costs().costUsd())),
            new Column("input_cost_usd", "numeric", r -> plain(r.costs().inputCostUsd())),
            new Column("input_text_cost_usd", "numeric", r -> plain(r.costs().inputTextCostUsd())),
            new Column("input_audio_cost_usd", "numeric", r -> plain(r.costs().inputAudioCostUsd())),
            new Column("output_cost_usd", "numeric", r -> plain(r.costs().outputCostUsd())),
            new Column("output_text_cost_usd", "numeric", r -> plain(r.costs().outputTextCostUsd())),
            new Column("output_audio_cost_usd", "numeric", r -> plain(r.costs().outputAudioCostUsd())));

    private static final String SQL = sql();

    private PostgresEntryInsert() {
    }

    /** Inserts the entries; returns those that were new. */
    static List<UsageRecord> insertNew(Connection connection, List<UsageRecord> records) throws SQLException {
        List<Array> arrays = new ArrayList<>(COLUMNS.size());
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            int index = 0;
            for (Column column : COLUMNS) {
                Object[] values = new Object[records.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = column.value().apply(records.get(i));
                }
                Array array = connection.createArrayOf(column.type(), values);
                arrays.add(array);
                statement.setArray(++index, array);
            }
            Set<UUID> fresh = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
            List<UsageRecord> inserted = new ArrayList<>(fresh.size());
            for (UsageRecord record : records) {
                // A batch holding one id twice stores it once and counts it once.
                if (fresh.remove(record.requestId())) {
                    inserted.add(record);
                }
            }
            return inserted;
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static String sql() {
        StringBuilder names = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        for (Column column : COLUMNS) {
            names.append(names.length() == 0 ? "" : ", ").append(column.name());
            arrays.append(arrays.length() == 0 ? "" : ", ").append("CAST(? AS ").append(column.type()).append("[])");
        }
        return "INSERT INTO sm_usage_entry (" + names + ") SELECT * FROM unnest(" + arrays + ") "
                + "ON CONFLICT (uuid) DO NOTHING RETURNING uuid";
    }
}
