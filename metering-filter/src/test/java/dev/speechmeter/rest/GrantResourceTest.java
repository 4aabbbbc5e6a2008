package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrantResourceTest {

    @Test
    void anEmptyBodyOrNoTtlTakesTheDefaultAndTheRangeIsInclusive() {
        List<ValidationError> errors = new ArrayList<>();

        assertThat(GrantResource.ttlSeconds("", errors)).isEqualTo(30);
        assertThat(GrantResource.ttlSeconds("{}", errors)).isEqualTo(30);
        assertThat(GrantResource.ttlSeconds("{\"ttl_seconds\": null}", errors)).isEqualTo(30);
        assertThat(GrantResource.ttlSeconds("{\"ttl_seconds\": 1}", errors)).isEqualTo(1);
        assertThat(GrantResource.ttlSeconds("{\"ttl_seconds\": 3600}", errors)).isEqualTo(3600);
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"ttl_seconds\": 0}                        | greater_than_equal | body.ttl_seconds",
        "{\"ttl_seconds\": -0}                       | greater_than_equal | body.ttl_seconds",
        "{\"ttl_seconds\": 3601}                     | less_than_equal    | body.ttl_seconds",
        "{\"ttl_seconds\": 9223372036854775808}      | less_than_equal    | body.ttl_seconds",
        "{\"ttl_seconds\": -9223372036854775809}     | greater_than_equal | body.ttl_seconds",
        "{\"ttl_seconds\": 1.0}                      | int_parsing        | body.ttl_seconds",
        "{\"ttl_seconds\": 1e999}                    | int_parsing        | body.ttl_seconds",
        "{\"ttl_seconds\": \"NaN\"}                  | int_parsing        | body.ttl_seconds",
        "{\"ttl_seconds\": NaN}                      | json_invalid       | body",
        "{\"ttl_seconds\": 1e99999999999}            | json_invalid       | body",
        "{\"ttl_seconds\": 1e1000}                   | json_invalid       | body",
        "{\"ttl_seconds\": 10000000000000000000000000000000000000000} | json_invalid | body",
    })
    void aBadTtlIsAValidationErrorNeverAnException(String body, String type, String location) {
        List<ValidationError> errors = new ArrayList<>();

        GrantResource.ttlSeconds(body, errors);

        assertThat(errors).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple(type, location));
    }

    @Test
    void aDeepOrLargeBodyIsRefusedAsAWhole() {
        List<ValidationError> errors = new ArrayList<>();

        GrantResource.ttlSeconds("{\"ttl_seconds\": 60, \"x\": " + "[".repeat(1_001) + "]".repeat(1_001) + "}", errors);
        GrantResource.ttlSeconds("{\"ttl_seconds\": 60, \"x\": \"" + "x".repeat(65_536) + "\"}", errors);

        assertThat(errors).extracting(ValidationError::errorType, ValidationError::location)
                .containsExactly(tuple("json_invalid", "body"), tuple("too_long", "body"));
    }
}
