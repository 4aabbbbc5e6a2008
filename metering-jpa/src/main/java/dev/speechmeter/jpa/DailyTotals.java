package dev.speechmeter.jpa;

import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** The sums one batch adds to one row of {@code sm_usage_daily}: a project's usage of a model on a UTC day. */
final class DailyTotals {

    /** Adds a batch's totals to their rows, making the rows that are not there yet. */
    static final AddingUpsert UPSERT = new AddingUpsert("sm_usage_daily", List.of("project_id", "usage_day", "model"),
            List.of(new AddingUpsert.Column("project_id", "uuid"), new AddingUpsert.Column("usage_day", "date"),
                    new AddingUpsert.Column("model", "varchar"), new AddingUpsert.Column("num_requests", "bigint"),
                    new AddingUpsert.Column("input_text_tokens", "bigint"),
                    new AddingUpsert.Column("input_audio_tokens", "bigint"),
                    new AddingUpsert.Column("input_audio_duration_ms", "bigint"),
                    new AddingUpsert.Column("output_text_tokens", "bigint"),
                    new AddingUpsert.Column("output_audio_tokens", "bigint"),
                    new AddingUpsert.Column("output_audio_duration_ms", "bigint"),
                    new AddingUpsert.Column("input_text_cost_usd", "numeric"),
                    new AddingUpsert.Column("input_audio_cost_usd", "numeric"),
                    new AddingUpsert.Column("output_text_cost_usd", "numeric"),
                    new AddingUpsert.Column("output_audio_cost_usd", "numeric")));

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

    /** The values of the row, in the order of {@link #UPSERT}'s columns. */
    Object[] row() {
        return new Object[] {key.projectId(), key.day(), key.model(), requests, inputTextTokens, inputAudioTokens,
                inputAudioDurationMs, outputTextTokens, outputAudioTokens, outputAudioDurationMs, inputTextCost,
                inputAudioCost, outputTextCost, outputAudioCost};
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
