package dev.speechmeter.jpa;

import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** The sums one batch adds to one row of {@code sm_usage_daily}: a project's usage of a model on a UTC day. */
final class DailyTotals {

    private static final List<String> KEY = List.of("project_id", "usage_day", "model");
    private static final List<String> COLUMNS = List.of("project_id", "usage_day", "model", "num_requests",
            "input_text_tokens", "input_audio_tokens", "input_audio_duration_ms", "output_text_tokens",
            "output_audio_tokens", "output_audio_duration_ms", "input_text_cost_usd", "input_audio_cost_usd",
            "output_text_cost_usd", "output_audio_cost_usd");

    private final Key key;
    private long requests;
    private long inputTextTokens;
    private long inputAudioTokens;
    private long inputAudioDurationMs;
    private long outputTextTokens;
    private long outputAudioTokens;
    private long outputAudioDurationMs;
    private BigDecimal inputTextCost = BigDecimal.ZERO;
    private BigDecimal inputAudioCost = BigDecimal.ZERO;
    private BigDecimal outputTextCost = BigDecimal.ZERO;
    private BigDecimal outputAudioCost = BigDecimal.ZERO;

    DailyTotals(Key key) {
        this.key = key;
    }

    /** Adds a batch's totals to their rows, making the rows that are not there yet. */
    static String upsert(SqlDialect dialect) {
        return dialect.insertOrAdd("sm_usage_daily", KEY, COLUMNS);
    }

    void add(UsageRecord record) {
        requests++;
        inputTextTokens += record.usage().inputTextTokens();
        inputAudioTokens += record.usage().inputAudioTokens();
        inputAudioDurationMs += record.usage().inputAudioDurationMs();
        outputTextTokens += record.usage().outputTextTokens();
        outputAudioTokens += record.usage().outputAudioTokens();
        outputAudioDurationMs += record.usage().outputAudioDurationMs();
        inputTextCost = inputTextCost.add(record.costs().inputTextCostUsd());
        inputAudioCost = inputAudioCost.add(record.costs().inputAudioCostUsd());
        outputTextCost = outputTextCost.add(record.costs().outputTextCostUsd());
        outputAudioCost = outputAudioCost.add(record.costs().outputAudioCostUsd());
    }

    void bind(PreparedStatement statement) throws SQLException {
        int i = 0;
        statement.setObject(++i, key.projectId());
        statement.setObject(++i, key.day());
        statement.setString(++i, key.model());
        statement.setLong(++i, requests);
        statement.setLong(++i, inputTextTokens);
        statement.setLong(++i, inputAudioTokens);
        statement.setLong(++i, inputAudioDurationMs);
        statement.setLong(++i, outputTextTokens);
        statement.setLong(++i, outputAudioTokens);
        statement.setLong(++i, outputAudioDurationMs);
        statement.setBigDecimal(++i, inputTextCost);
        statement.setBigDecimal(++i, inputAudioCost);
        statement.setBigDecimal(++i, outputTextCost);
        statement.setBigDecimal(++i, outputAudioCost);
    }

    /** A row of the daily table; {@code model} is '' for entries without one. */
    record Key(UUID projectId, LocalDate day, String model) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparing(Key::projectId)
                .thenComparing(Key::day).thenComparing(Key::model);

        static Key of(UsageRecord record) {
            String model = record.usage().model();
            return new Key(record.caller().projectId(), LocalDate.ofInstant(record.endTime(), ZoneOffset.UTC),
                    model == null ? "" : model);
        }

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }
}
