package dev.speechmeter.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamConfigurationTest {

    private static final String RAW = "{\"api_key\": \"k\", \"model\": \"m\", \"audio_format\": \"pcm_s16le\", ";

    @Test
    void theLargestRateAndChannelCountAreRead() {
        StreamConfiguration configuration = StreamConfiguration.parse(RAW + "\"sample_rate\": 1000000, \"num_channels\": 64}");

        assertThat(configuration.invalidInput(UUID.randomUUID())).isNull();
        assertThat(configuration.rawFormat()).isEqualTo(AudioFormat.raw("pcm_s16le", 1_000_000, 64));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"sample_rate\": 0, \"num_channels\": 1                    | greater_than_equal | body.sample_rate",
        "\"sample_rate\": -0, \"num_channels\": 1                   | greater_than_equal | body.sample_rate",
        "\"sample_rate\": 1000001, \"num_channels\": 1              | less_than_equal    | body.sample_rate",
        "\"sample_rate\": 9223372036854775808, \"num_channels\": 1  | less_than_equal    | body.sample_rate",
        "\"sample_rate\": 16000.0, \"num_channels\": 1              | int_parsing        | body.sample_rate",
        "\"sample_rate\": \"NaN\", \"num_channels\": 1              | int_parsing        | body.sample_rate",
        "\"sample_rate\": 16000, \"num_channels\": 65               | less_than_equal    | body.num_channels",
        "\"sample_rate\": 16000, \"num_channels\": 1e999            | int_parsing        | body.num_channels",
        "\"sample_rate\": 16000, \"num_channels\": 1e99999999999    | json_invalid       | body",
        "\"sample_rate\": NaN, \"num_channels\": 1                  | json_invalid       | body",
    })
    void aBadNumberIsNamedAndNeverThrows(String fields, String type, String location) {
        StreamConfiguration configuration = StreamConfiguration.parse(RAW + fields + "}");

        assertThat(configuration.invalidInput(UUID.randomUUID()).validationErrors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }

    @Test
    void aMessageTooDeepOrTooLargeIsNoConfiguration() {
        StreamConfiguration deep = StreamConfiguration.parse(RAW + "\"context\": "
                + "[".repeat(1_001) + "]".repeat(1_001) + "}");
        StreamConfiguration large = StreamConfiguration.parse(RAW + "\"context\": \"" + "x".repeat(65_536) + "\"}");

        assertThat(deep.isJson()).isFalse();
        assertThat(deep.invalidInput(UUID.randomUUID()).validationErrors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("json_invalid", "body"));
        assertThat(large.isJson()).isFalse();
        assertThat(large.invalidInput(UUID.randomUUID()).validationErrors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("too_long", "body"));
    }
}
