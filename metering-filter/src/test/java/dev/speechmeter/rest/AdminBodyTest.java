package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminBodyTest {

    private static final List<String> LIMITS = List.of("requests_per_minute", "transcribe_concurrent", "tts_concurrent");

    @Test
    void readsANameAndLimitsWhereNullIsNoCapAndLeftOutIsTheDefault() {
        AdminBody body = AdminBody.parse("{\"name\": \"mobile app\", \"limits\": "
                + "{\"requests_per_minute\": 500, \"transcribe_concurrent\": null, \"tts_concurrent\": 0}}");

        assertThat(body.name()).isEqualTo("mobile app");
        assertThat(body.limits("limits", LIMITS)).isEqualTo(Limits.none()
                .with("requests_per_minute", Cap.atMost(500))
                .with("transcribe_concurrent", Cap.unlimited())
                .with("tts_concurrent", Cap.atMost(0)));
        assertThat(body.errors()).isEmpty();
        assertThat(AdminBody.parse("{\"transcribe_concurrent\": 4}").limits(null, LIMITS))
                .isEqualTo(Limits.none().with("transcribe_concurrent", Cap.atMost(4)));
        assertThat(AdminBody.parse("{\"name\": \"x\"}").limits("limits", LIMITS)).isEqualTo(Limits.none());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"limits\": {}}                                        | missing         | body.name",
        "{\"name\": \"  \"}                                      | string_type     | body.name",
        "{\"name\": 7}                                           | string_type     | body.name",
        "{\"name\": \"a\", \"limits\": [1]}                      | object_type     | body.limits",
        "{\"name\": \"a\", \"limits\": {\"diarize_concurrent\": 1}} | enum          | body.limits.diarize_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": -1}}  | greater_than_equal | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": 1.5}} | int_parsing     | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": 2147483648}} | less_than_equal | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": 9223372036854775808}} | less_than_equal | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": -9223372036854775809}} | greater_than_equal | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": 1.0}} | int_parsing     | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": 1e2}} | int_parsing     | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": \"NaN\"}} | int_parsing | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": NaN}} | json_invalid    | body",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": 1e99999999999}} | json_invalid | body",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": 1e999}} | int_parsing  | body.limits.tts_concurrent",
        "{\"name\": \"a\", \"limits\": {\"tts_concurrent\": \"2\"}} | int_parsing   | body.limits.tts_concurrent",
        "not json                                                | json_invalid    | body",
    })
    void eachBadFieldIsNamed(String json, String type, String location) {
        AdminBody body = AdminBody.parse(json);
        body.name();
        body.limits("limits", LIMITS);

        assertThat(body.errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }

    @Test
    void theLargestLimitIsTheLargestInt() {
        AdminBody body = AdminBody.parse("{\"tts_concurrent\": 2147483647, \"transcribe_concurrent\": -0}");

        assertThat(body.limits(null, LIMITS)).isEqualTo(Limits.none()
                .with("tts_concurrent", Cap.atMost(Integer.MAX_VALUE))
                .with("transcribe_concurrent", Cap.atMost(0)));
        assertThat(body.errors()).isEmpty();
    }

    @Test
    void aNameOver200CharactersIsRefused() {
        AdminBody body = AdminBody.parse("{\"name\": \"" + "n".repeat(201) + "\"}");

        assertThat(body.name()).isNull();
        assertThat(body.errors()).extracting(ValidationError::errorType).containsExactly("string_too_long");
    }

    @Test
    void permissionsAreWireNamesAndDefaultToAll() {
        assertThat(AdminBody.parse("{\"name\": \"a\"}").permissions()).isEqualTo(KeyPermission.ALL);
        assertThat(AdminBody.parse("{\"permissions\": [\"usage:read\"]}").permissions())
                .containsExactly(KeyPermission.USAGE_READ);
        AdminBody unknown = AdminBody.parse("{\"permissions\": [\"speech\", \"admin\"]}");
        unknown.permissions();
        assertThat(unknown.errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("enum", "body.permissions"));
        AdminBody empty = AdminBody.parse("{\"permissions\": []}");
        empty.permissions();
        assertThat(empty.errors()).extracting(ValidationError::errorType).containsExactly("array_type");
    }

    @Test
    void storedPermissionsReadBackAndUnknownNamesAreLeftOut() {
        assertThat(KeyPermission.format(Set.of(KeyPermission.USAGE_READ, KeyPermission.SPEECH)))
                .isEqualTo("speech,usage:read");
        assertThat(KeyPermission.parse("usage:read, speech,later:thing")).isEqualTo(KeyPermission.ALL);
        assertThat(KeyPermission.parse("")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"capacity\": 3600}      | PT1H",
        "{\"capacity\": 0}         | PT0S",
        "{\"capacity\": -0}        | PT0S",
        "{\"capacity\": 1000000000000} | PT277777777H46M40S",
    })
    void readsWholeSecondsOfAudio(String json, String duration) {
        AdminBody body = AdminBody.parse(json);

        assertThat(body.seconds("capacity", false)).isEqualTo(java.time.Duration.parse(duration));
        assertThat(body.errors()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                            | false | missing",
        "{\"capacity\": null}          | false | missing",
        "{\"capacity\": \"60\"}        | false | int_parsing",
        "{\"capacity\": true}          | false | int_parsing",
        "{\"capacity\": 1234.5}        | false | int_parsing",
        "{\"capacity\": 60.0}          | false | int_parsing",
        "{\"capacity\": 3600.000}      | false | int_parsing",
        "{\"capacity\": 0.001}         | false | int_parsing",
        "{\"capacity\": 0.0001}        | false | int_parsing",
        "{\"capacity\": 6e1}           | false | int_parsing",
        "{\"capacity\": 1e-999}        | false | int_parsing",
        "{\"capacity\": 1e999}         | false | int_parsing",
        "{\"capacity\": -1}            | false | greater_than_equal",
        "{\"capacity\": 0}             | true  | greater_than_equal",
        "{\"capacity\": -0}            | true  | greater_than_equal",
        "{\"capacity\": 1000000000001} | false | less_than_equal",
        "{\"capacity\": 9223372036854775808} | false | less_than_equal",
        "{\"capacity\": -9223372036854775809} | false | greater_than_equal",
    })
    void refusesAmountsThatAreNotWholeSecondsOfAudio(String json, boolean positive, String errorType) {
        AdminBody body = AdminBody.parse(json);

        assertThat(body.seconds("capacity", positive)).isEqualTo(java.time.Duration.ZERO);

        assertThat(body.errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(errorType, "body.capacity"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"capacity\": 1e1000}                 | json_invalid",
        "{\"capacity\": 1e99999999999}          | json_invalid",
        "{\"capacity\": 12345678901234567890123456789012345678901} | json_invalid",
    })
    void aNumberOverTheBodyLimitsIsRefusedBeforeParsing(String json, String errorType) {
        AdminBody body = AdminBody.parse(json);

        assertThat(body.seconds("capacity", false)).isEqualTo(java.time.Duration.ZERO);
        assertThat(body.errors()).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(errorType, "body"));
    }
}
