package dev.speechmeter.rest;

import dev.speechmeter.UsageContext;
import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reading the JSON object a request body (or a stream's configuration message) must be, and its
 * fields. A body is at most 64 KiB, nests at most 32 deep and has no number longer than 40
 * characters nor an exponent beyond 999; one that breaks a limit is refused before it is parsed.
 *
 * <pre>{@code
 * List<ValidationError> errors = new ArrayList<>();
 * JsonObject json = JsonBodies.object(JsonBodies.text(request.getInputStream()), errors);
 * Long ttl = json == null ? null : JsonBodies.whole(json.get("ttl_seconds"), "body.ttl_seconds", 1, 3600, errors);
 * }</pre>
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as UTF-8 text, reading at most one byte more than a body may have: enough for
     * {@link #object} to refuse a longer one without holding it all.
     */
    public static String text(InputStream body) throws IOException {
        return new String(body.readNBytes(JsonScan.MAX_BYTES + 1), StandardCharsets.UTF_8);
    }

    /**
     * The body as a JSON object, or null after adding a validation error on {@code body}. The
     * parser's own words are never passed on: they may quote the body.
     */
    public static JsonObject object(String body, List<ValidationError> errors) {
        if (body == null || body.isBlank()) {
            errors.add(new ValidationError("missing", "body", "The body must be a JSON object."));
            return null;
        }
        ValidationError broken = JsonScan.check(body);
        if (broken != null) {
            errors.add(broken);
            return null;
        }
        JsonObject json = parse(body);
        if (json == null) {
            errors.add(new ValidationError("json_invalid", "body", "The body must be a JSON object."));
        }
        return json;
    }

    /** The one JSON object {@code body} holds, with nothing after it; null when it holds anything else. */
    private static JsonObject parse(String body) {
        try (JsonParser parser = JsonFactories.PARSERS.createParser(new StringReader(body))) {
            if (parser.next() == JsonParser.Event.START_OBJECT) {
                JsonObject json = parser.getObject();
                return parser.hasNext() ? null : json;
            }
        } catch (RuntimeException e) {
            // JsonException, or what a provider's own limits throw instead (Parsson's depth limit
            // throws a bare RuntimeException): bad input either way, reported by the caller.
        }
        return null;
    }

    /**
     * A whole number from {@code min} to {@code max}, or null after adding a validation error on
     * {@code location}: {@code int_parsing} for anything but a JSON integer ({@code 1.0},
     * {@code 1e2} and {@code "1"} included), {@code greater_than_equal} or {@code less_than_equal}
     * for one out of range, however large. Give it a present value: a missing one is the caller's
     * to judge.
     */
    public static Long whole(JsonValue value, String location, long min, long max, List<ValidationError> errors) {
        String name = location.substring(location.lastIndexOf('.') + 1);
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            errors.add(new ValidationError("int_parsing", location,
                    name + " must be a whole number from " + min + " to " + max + "."));
            return null;
        }
        BigDecimal given = number.bigDecimalValue();
        if (given.compareTo(BigDecimal.valueOf(min)) < 0) {
            errors.add(new ValidationError("greater_than_equal", location, name + " must be at least " + min + "."));
            return null;
        }
        if (given.compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(new ValidationError("less_than_equal", location, name + " must be at most " + max + "."));
            return null;
        }
        return given.longValueExact();
    }

    /**
     * The optional {@code client_reference_id} field: a string of at most
     * {@value UsageContext#MAX_CLIENT_REFERENCE_ID_LENGTH} characters; null when absent, or
     * after adding a validation error on {@code body.client_reference_id}.
     */
    public static String clientReferenceId(JsonValue value, List<ValidationError> errors) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            errors.add(new ValidationError("string_type", "body.client_reference_id",
                    "client_reference_id must be a string."));
        } else if (text.getString().length() > UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH) {
            errors.add(new ValidationError("string_too_long", "body.client_reference_id",
                    "client_reference_id must have at most " + UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH
                            + " characters."));
        } else {
            return text.getString();
        }
        return null;
    }

    /**
     * An optional string field of {@code json}: its text; null when absent or {@code null}, or
     * after adding a validation error on {@code body.<name>} when it is not a string.
     */
    public static String optionalString(JsonObject json, String name, List<ValidationError> errors) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        errors.add(new ValidationError("string_type", "body." + name, name + " must be a string."));
        return null;
    }
}
