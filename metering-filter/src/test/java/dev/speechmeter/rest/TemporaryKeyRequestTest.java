package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.TemporaryGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemporaryKeyRequestTest {

    private static final UUID KEY = UUID.randomUUID();
    private static final Set<String> USAGE_TYPES = MeteringConfig.defaults().temporaryKeyUsageTypes();
    private static final UUID PARENT = UUID.randomUUID();

    @Test
    void aFullRequestBecomesItsGrantExpiringOnAWholeSecond() {
        TemporaryKeyRequest request = parse("""
                {"usage_type": "transcribe_websocket", "expires_in_seconds": 60, "client_reference_id": "user-42",
                 "single_use": true, "max_session_duration_seconds": 600}""");

        assertThat(request.errors()).isEmpty();
        assertThat(request.grant(KEY, PARENT, Instant.parse("2026-11-22T10:00:00.250Z"))).isEqualTo(new TemporaryGrant(
                KEY, PARENT, "transcribe_websocket", Instant.parse("2026-11-22T10:01:01Z"), true,
                Duration.ofSeconds(600), "user-42"));
        assertThat(parse("{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 3600}")
                .grant(KEY, PARENT, Instant.parse("2026-11-22T10:00:00Z")))
                .isEqualTo(new TemporaryGrant(KEY, PARENT, "tts_rt", Instant.parse("2026-11-22T11:00:00Z"), false,
                        null, null));
    }

    @Test
    void aKeyThatReadsUsageIsAlwaysMintableAndAsksTheMinterToReadUsage() {
        TemporaryKeyRequest reading = TemporaryKeyRequest.parse(
                "{\"usage_type\": \"usage:read\", \"expires_in_seconds\": 900}", Set.of("tts_rest"));
        TemporaryKeyRequest speaking = parse("{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 60}");
        TemporaryKeyRequest unknown = parse("{\"usage_type\": \"usage:write\", \"expires_in_seconds\": 60}");

        assertThat(reading.errors()).isEmpty();
        assertThat(reading.permission()).isEqualTo(KeyPermission.USAGE_READ);
        assertThat(reading.grant(KEY, PARENT, Instant.parse("2026-11-22T10:00:00Z")).readsUsage()).isTrue();
        assertThat(speaking.permission()).isEqualTo(KeyPermission.SPEECH);
        assertThat(unknown.permission()).as("refused anyway; asks for the permission speech keys need")
                .isEqualTo(KeyPermission.SPEECH);
        assertThat(unknown.errors()).extracting(ValidationError::message)
                .containsExactly("usage_type must be one of transcribe_websocket, tts_rt, usage:read.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"expires_in_seconds\": 60}                                          | missing            | body.usage_type",
        "{\"usage_type\": \"transcribe_async\", \"expires_in_seconds\": 60} | enum               | body.usage_type",
        "{\"usage_type\": 7, \"expires_in_seconds\": 60}                      | enum               | body.usage_type",
        "{\"usage_type\": \"tts_rt\"}                                          | missing            | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 0}              | greater_than_equal | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 3601}           | less_than_equal    | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 99999999999999999999} | less_than_equal    | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 1.5}            | int_parsing        | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": \"60\"}         | int_parsing        | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, \"max_session_duration_seconds\": 0}     | greater_than_equal | body.max_session_duration_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, \"max_session_duration_seconds\": 18001} | less_than_equal    | body.max_session_duration_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, \"single_use\": \"yes\"}                 | bool_parsing       | body.single_use",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, \"client_reference_id\": 42}             | string_type        | body.client_reference_id",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9223372036854775808} | less_than_equal | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": -9223372036854775809} | greater_than_equal | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": -0}             | greater_than_equal | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 60.0}           | int_parsing        | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 6e1}            | int_parsing        | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 1e999}          | int_parsing        | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": \"NaN\"}        | int_parsing        | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": \"Infinity\"}   | int_parsing        | body.expires_in_seconds",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": NaN}            | json_invalid       | body",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": -Infinity}      | json_invalid       | body",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 1e99999999999}  | json_invalid       | body",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 1e1000}         | json_invalid       | body",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, \"max_session_duration_seconds\": 1e99999999999} | json_invalid | body",
        "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 60} trailing       | json_invalid       | body",
        "[1, 2]                                                                | json_invalid       | body",
        "{\"usage_type\":                                                      | json_invalid       | body",
    })
    void eachBadFieldIsNamed(String body, String type, String location) {
        assertThat(parse(body).errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }

    @Test
    void aReferenceOver256CharactersAndAnEmptyBodyAreRefused() {
        String reference = "r".repeat(257);

        assertThat(parse("{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, "
                + "\"client_reference_id\": \"" + reference + "\"}").errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("string_too_long", "body.client_reference_id"));
        assertThat(parse("").errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("missing", "body"));
        assertThat(parse("{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, "
                + "\"client_reference_id\": \"" + "r".repeat(256) + "\"}").errors()).isEmpty();
    }

    @Test
    void aNumberOfMoreThan40CharactersIsRefusedBeforeItIsParsed() {
        String forty = "1" + "0".repeat(39);

        assertThat(parse("{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": " + forty + "}").errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("less_than_equal", "body.expires_in_seconds"));
        assertThat(parse("{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": " + forty + "0}").errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("json_invalid", "body"));
        assertThat(parse("{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": " + "9".repeat(1_200) + "}").errors())
                .extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("json_invalid", "body"));
    }

    @Test
    void aBodyNestedTooDeepOrTooLargeIsRefusedAsAWhole() {
        String deep = "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, \"extra\": "
                + "[".repeat(1_000) + "]".repeat(1_000) + "}";
        String large = "{\"usage_type\": \"tts_rt\", \"expires_in_seconds\": 9, \"extra\": \""
                + "x".repeat(70_000) + "\"}";

        assertThat(parse(deep).errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("json_invalid", "body"));
        assertThat(parse(large).errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("too_long", "body"));
    }

    private static TemporaryKeyRequest parse(String body) {
        return TemporaryKeyRequest.parse(body, USAGE_TYPES);
    }
}
