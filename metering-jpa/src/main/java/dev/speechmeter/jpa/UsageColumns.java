package dev.speechmeter.jpa;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading the usage and cost columns that {@code sm_usage_entry} and its readers share. */
final class UsageColumns {

    private UsageColumns() {
    }

    static Usage usage(ResultSet row) throws SQLException {
        return new Usage(row.getString("model"), row.getLong("input_text_tokens"),
                row.getLong("input_audio_tokens"), row.getLong("input_audio_duration_ms"),
                row.getLong("output_text_tokens"), row.getLong("output_audio_tokens"),
                row.getLong("output_audio_duration_ms"));
    }

    static Costs costs(ResultSet row) throws SQLException {
        return new Costs(row.getBigDecimal("input_text_cost_usd"), row.getBigDecimal("input_audio_cost_usd"),
                row.getBigDecimal("output_text_cost_usd"), row.getBigDecimal("output_audio_cost_usd"));
    }
}
