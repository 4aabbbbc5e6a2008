package dev.speechmeter.jpa;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading the usage and cost columns that {@code sm_usage_entry} and its readers share. */
final class UsageColumns {

    /** The columns {@link #usage} reads. */
    static final String USAGE = "model, channels, language_tag, tags, input_text_tokens, input_audio_tokens, "
            + "input_audio_duration_ms, output_text_tokens, output_audio_tokens, output_audio_duration_ms";

    /** The columns {@link #costs} reads. */
    static final String COSTS = "input_text_cost_usd, input_audio_cost_usd, output_text_cost_usd, output_audio_cost_usd";

    private UsageColumns() {
    }

    static Usage usage(ResultSet row) throws SQLException {
        return new Usage(row.getString("model"), row.getLong("input_text_tokens"),
                row.getLong("input_audio_tokens"), row.getLong("input_audio_duration_ms"),
                row.getLong("output_text_tokens"), row.getLong("output_audio_tokens"),
                row.getLong("output_audio_duration_ms"), row.getInt("channels"), row.getString("language_tag"),
                TagsColumn.decode(row.getString("tags")));
    }

    static Costs costs(ResultSet row) throws SQLException {
        return new Costs(row.getBigDecimal("input_text_cost_usd"), row.getBigDecimal("input_audio_cost_usd"),
                row.getBigDecimal("output_text_cost_usd"), row.getBigDecimal("output_audio_cost_usd"));
    }
}
