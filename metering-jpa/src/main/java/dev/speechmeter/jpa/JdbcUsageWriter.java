package dev.speechmeter.jpa;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Writes a batch of usage entries in one JDBC transaction with batched statements: the store
 * side of group commit. A request id already stored is left as it is (the first write wins),
 * so a retried write can never make a second entry.
 *
 * <pre>{@code
 * UsageLedger ledger = new BatchingLedger(new JdbcUsageWriter(dataSource), threads, Durability.SYNC,
 *         10_000, 500, Duration.ofSeconds(30));
 * }</pre>
 */
public final class JdbcUsageWriter implements UsageBatchWriter {

    private static final String COLUMNS = "uuid, organization_id, project_id, api_key_id, correlation_id, request_scope, "
            + "endpoint, method, status_code, billable, client_reference_id, model, start_time, end_time, "
            + "input_text_tokens, input_audio_tokens, input_audio_duration_ms, output_text_tokens, "
            + "output_audio_tokens, output_audio_duration_ms, cost_usd, input_cost_usd, input_text_cost_usd, "
            + "input_audio_cost_usd, output_cost_usd, output_text_cost_usd, output_audio_cost_usd";
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
    private static final String PARAMETERS = String.join(", ", Collections.nCopies(COLUMN_COUNT, "?"));

    private final DataSource dataSource;
    private volatile String insert;

    public JdbcUsageWriter(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void writeAll(List<UsageRecord> records) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(insertFor(connection))) {
                for (UsageRecord record : records) {
                    bind(statement, record);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write " + records.size() + " usage entries: " + e.getMessage(), e);
        }
    }

    private String insertFor(Connection connection) throws SQLException {
        String sql = insert;
        if (sql == null) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            sql = product.contains("postgres")
                    ? "INSERT INTO sm_usage_entry (" + COLUMNS + ") VALUES (" + PARAMETERS + ") ON CONFLICT (uuid) DO NOTHING"
                    : "MERGE INTO sm_usage_entry t USING (VALUES (" + PARAMETERS + ")) AS s (" + COLUMNS + ") "
                            + "ON t.uuid = s.uuid WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES ("
                            + prefixed("s.") + ")";
            insert = sql;
        }
        return sql;
    }

    private static String prefixed(String prefix) {
        StringBuilder columns = new StringBuilder();
        for (String column : COLUMNS.split(",\\s*")) {
            columns.append(columns.length() == 0 ? "" : ", ").append(prefix).append(column);
        }
        return columns.toString();
    }

    private static void bind(PreparedStatement statement, UsageRecord record) throws SQLException {
        Usage usage = record.usage();
        Costs costs = record.costs();
        int i = 0;
        statement.setObject(++i, record.requestId());
        statement.setObject(++i, record.caller().organizationId());
        statement.setObject(++i, record.caller().projectId());
        statement.setObject(++i, record.caller().apiKeyId());
        setString(statement, ++i, record.correlationId());
        statement.setString(++i, record.requestScope());
        setString(statement, ++i, record.endpoint());
        setString(statement, ++i, record.method());
        statement.setInt(++i, record.statusCode());
        statement.setBoolean(++i, record.billable());
        setString(statement, ++i, record.clientReferenceId());
        setString(statement, ++i, usage.model());
        statement.setObject(++i, OffsetDateTime.ofInstant(record.startTime(), ZoneOffset.UTC));
        statement.setObject(++i, OffsetDateTime.ofInstant(record.endTime(), ZoneOffset.UTC));
        statement.setLong(++i, usage.inputTextTokens());
        statement.setLong(++i, usage.inputAudioTokens());
        statement.setLong(++i, usage.inputAudioDurationMs());
        statement.setLong(++i, usage.outputTextTokens());
        statement.setLong(++i, usage.outputAudioTokens());
        statement.setLong(++i, usage.outputAudioDurationMs());
        statement.setBigDecimal(++i, costs.costUsd());
        statement.setBigDecimal(++i, costs.inputCostUsd());
        statement.setBigDecimal(++i, costs.inputTextCostUsd());
        statement.setBigDecimal(++i, costs.inputAudioCostUsd());
        statement.setBigDecimal(++i, costs.outputCostUsd());
        statement.setBigDecimal(++i, costs.outputTextCostUsd());
        statement.setBigDecimal(++i, costs.outputAudioCostUsd());
    }

    private static void setString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
