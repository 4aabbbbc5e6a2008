package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonBodiesTest {

    @Test
    void nestingOf32IsReadAnd33IsRefused() {
        assertThat(object(nested(32))).isNotNull();
        assertThat(errors(nested(33))).containsExactly(tuple("json_invalid", "body"));
        assertThat(errors(nested(1_001))).containsExactly(tuple("json_invalid", "body"));
        assertThat(errors(nested(100_000))).containsExactly(tuple("too_long", "body"));
        assertThat(object("{\"a\": " + "[".repeat(31) + "]".repeat(31) + "}")).isNotNull();
        assertThat(errors("{\"a\": " + "[".repeat(32) + "]".repeat(32) + "}")).containsExactly(tuple("json_invalid", "body"));
    }

    @Test
    void bracketsInStringsAndEscapedQuotesDoNotCount() {
        assertThat(object("{\"a\": \"" + "[{".repeat(100) + "\"}")).isNotNull();
        assertThat(object("{\"a\": \"\\\"" + "[".repeat(100) + "\", \"b\": \"\\\\\"}")).isNotNull();
        assertThat(errors("{\"a\": \"\\\\\", \"b\": " + "[".repeat(32) + "]".repeat(32) + "}"))
                .as("an escaped backslash ends before the quote").containsExactly(tuple("json_invalid", "body"));
    }

    @Test
    void aNumberMayHave40CharactersAndAnExponentOf999() {
        assertThat(object("{\"n\": " + "9".repeat(40) + "}")).isNotNull();
        assertThat(object("{\"n\": -" + "9".repeat(39) + "}")).isNotNull();
        assertThat(object("{\"n\": -1.5e-999}")).isNotNull();
        assertThat(object("{\"n\": 1E+999}")).isNotNull();
        assertThat(object("{\"n\": 1e-0000000000000000005}")).as("leading zeros of an exponent are no digits").isNotNull();
        assertThat(object("{\"n\": \"" + "9".repeat(1_200) + "\"}")).as("digits in a string are no number").isNotNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"n\": 99999999999999999999999999999999999999999}",
        "{\"n\": -9999999999999999999999999999999999999999}",
        "{\"n\": 0.0000000000000000000000000000000000000001}",
        "{\"n\": 1e1000}",
        "{\"n\": 1e-1000}",
        "{\"n\": 1e99999999999}",
        "{\"n\": -1e-99999999999}",
        "{\"n\": 1E+2147483648}",
    })
    void aLongerNumberOrALargerExponentIsRefusedBeforeParsing(String body) {
        assertThat(errors(body)).containsExactly(tuple("json_invalid", "body"));
    }

    @Test
    void aBodyMayHave64KiBOfUtf8() {
        String frame = "{\"a\": \"\"}";
        String ascii = "{\"a\": \"" + "x".repeat(JsonScan.MAX_BYTES - frame.length()) + "\"}";
        String accented = "{\"a\": \"" + "é".repeat((JsonScan.MAX_BYTES - frame.length()) / 2) + "x\"}";
        String overAccented = "{\"a\": \"" + "é".repeat((JsonScan.MAX_BYTES - frame.length()) / 2 + 1) + "\"}";
        String emoji = "{\"a\": \"" + "\uD83D\uDE00".repeat((JsonScan.MAX_BYTES - frame.length()) / 4) + "\"}";

        assertThat(ascii.getBytes(StandardCharsets.UTF_8)).hasSize(JsonScan.MAX_BYTES);
        assertThat(object(ascii)).isNotNull();
        assertThat(errors(ascii.replace("\"}", "x\"}"))).containsExactly(tuple("too_long", "body"));
        assertThat(accented.getBytes(StandardCharsets.UTF_8)).hasSize(JsonScan.MAX_BYTES);
        assertThat(object(accented)).isNotNull();
        assertThat(overAccented.getBytes(StandardCharsets.UTF_8)).hasSize(JsonScan.MAX_BYTES + 1);
        assertThat(overAccented.length()).isLessThan(JsonScan.MAX_BYTES / 2 + 100);
        assertThat(errors(overAccented)).containsExactly(tuple("too_long", "body"));
        assertThat(object(emoji)).isNotNull();
        assertThat(errors(emoji.replace("\"}", "\uD83D\uDE00\"}"))).containsExactly(tuple("too_long", "body"));
        assertThat(errors(" ".repeat(70_000) + "{}")).containsExactly(tuple("too_long", "body"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{} x",
        "{}{}",
        "{\"a\": 1}]",
        "{\"n\": NaN}",
        "{\"n\": Infinity}",
        "{\"n\": -Infinity}",
        "{\"n\": 01}",
        "{\"n\": 1.}",
        "{\"n\": --1}",
        "[{}]",
        "\"text\"",
        "{",
    })
    void anythingButOneObjectIsInvalidAndTheParserIsNotQuoted(String body) {
        List<ValidationError> errors = new ArrayList<>();

        assertThat(JsonBodies.object(body, errors)).isNull();
        assertThat(errors).containsExactly(new ValidationError("json_invalid", "body", "The body must be a JSON object."));
    }

    @Test
    void trailingWhitespaceIsFine() {
        assertThat(object(" \n{\"a\": [1, -0, 1.5e3]}\r\n\t")).isEqualTo(Json.createObjectBuilder()
                .add("a", Json.createArrayBuilder().add(1).add(0).add(new java.math.BigDecimal("1.5e3"))).build());
    }

    @Test
    void aBodyIsReadOnlyOneByteBeyondTheLimit() throws IOException {
        CountingStream huge = new CountingStream(10_000_000);

        String text = JsonBodies.text(huge);

        assertThat(huge.read).isEqualTo(JsonScan.MAX_BYTES + 1);
        assertThat(errors(text)).containsExactly(tuple("too_long", "body"));
        byte[] split = ("{\"a\": \"" + "x".repeat(JsonScan.MAX_BYTES - 7) + "é\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(errors(JsonBodies.text(new ByteArrayInputStream(split))))
                .as("a character cut at the limit").containsExactly(tuple("too_long", "body"));
        assertThat(JsonBodies.text(new ByteArrayInputStream("{\"a\": \"é\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("{\"a\": \"é\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0                      | 0",
        "-0                     | 0",
        "1E0                    | 1",
        "3600                   | 3600",
        "3601                   | less_than_equal",
        "-1                     | greater_than_equal",
        "9223372036854775807    | less_than_equal",
        "9223372036854775808    | less_than_equal",
        "-9223372036854775809   | greater_than_equal",
        "1e999                  | int_parsing",
        "-1e999                 | int_parsing",
        "1.0                    | int_parsing",
        "0.5                    | int_parsing",
        "1e2                    | int_parsing",
        "\"60\"                 | int_parsing",
        "\"NaN\"                | int_parsing",
        "true                   | int_parsing",
        "null                   | int_parsing",
        "[1]                    | int_parsing",
    })
    void aWholeNumberIsCheckedAgainstItsRangeWithoutConversion(String json, String expected) {
        JsonValue value = object("{\"n\": " + json + "}").get("n");
        List<ValidationError> errors = new ArrayList<>();

        Long number = JsonBodies.whole(value, "body.n", 0, 3600, errors);

        if (Character.isDigit(expected.charAt(0))) {
            assertThat(number).isEqualTo(Long.parseLong(expected));
            assertThat(errors).isEmpty();
        } else {
            assertThat(number).isNull();
            assertThat(errors).extracting(ValidationError::errorType, ValidationError::location)
                    .containsExactly(tuple(expected, "body.n"));
        }
    }

    @Test
    void aWholeNumberCanBeAsLargeAsALong() {
        List<ValidationError> errors = new ArrayList<>();

        assertThat(JsonBodies.whole(object("{\"n\": 9223372036854775807}").get("n"), "body.limits.n",
                Long.MIN_VALUE, Long.MAX_VALUE, errors)).isEqualTo(Long.MAX_VALUE);
        assertThat(JsonBodies.whole(object("{\"n\": -9223372036854775808}").get("n"), "body.limits.n",
                Long.MIN_VALUE, Long.MAX_VALUE, errors)).isEqualTo(Long.MIN_VALUE);
        assertThat(errors).isEmpty();
        JsonBodies.whole(object("{\"n\": 5}").get("n"), "body.limits.n", 0, 4, errors);
        assertThat(errors).containsExactly(new ValidationError("less_than_equal", "body.limits.n", "n must be at most 4."));
    }

    private static String nested(int depth) {
        return "{\"a\": ".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static JsonObject object(String body) {
        List<ValidationError> errors = new ArrayList<>();
        JsonObject json = JsonBodies.object(body, errors);
        assertThat(errors).isEmpty();
        return json;
    }

    private static List<org.assertj.core.groups.Tuple> errors(String body) {
        List<ValidationError> errors = new ArrayList<>();
        assertThat(JsonBodies.object(body, errors)).isNull();
        return errors.stream().map(error -> tuple(error.errorType(), error.location())).toList();
    }

    /** A stream of {@code size} letters that counts the bytes taken from it. */
    private static final class CountingStream extends InputStream {

        private final long size;
        private long read;

        CountingStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (read == size) {
                return -1;
            }
            read++;
            return 'x';
        }
    }

    @Test
    void anOptionalStringIsItsTextNullWhenAbsentAndAnErrorAtItsNameWhenNotAString() {
        List<ValidationError> errors = new ArrayList<>();
        JsonObject json = JsonBodies.object("{\"model\":\"stt\",\"file_id\":7,\"none\":null}", errors);

        assertThat(JsonBodies.optionalString(json, "model", errors)).isEqualTo("stt");
        assertThat(JsonBodies.optionalString(json, "none", errors)).isNull();
        assertThat(JsonBodies.optionalString(json, "absent", errors)).isNull();
        assertThat(errors).isEmpty();
        assertThat(JsonBodies.optionalString(json, "file_id", errors)).isNull();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.location()).isEqualTo("body.file_id");
            assertThat(error.errorType()).isEqualTo("string_type");
        });
    }
}
