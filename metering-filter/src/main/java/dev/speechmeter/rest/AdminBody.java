package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON bodies of the admin endpoints, read and checked: one validation error per bad field,
 * named {@code body.<name>}.
 *
 * <pre>{@code
 * {"name": "mobile app", "limits": {"requests_per_minute": 500, "transcribe_concurrent": null}}
 * }</pre>
 *
 * In {@code limits} a number is a cap, {@code null} is no cap, and a limit left out follows the
 * configured default.
 */
final class AdminBody {

    static final int MAX_NAME_LENGTH = 200;
    /** The largest amount of audio a capacity or an extension can be: about 31,700 years. */
    static final long MAX_SECONDS = 1_000_000_000_000L;

    private final List<ValidationError> errors = new ArrayList<>();
    private final JsonObject json;

    private AdminBody(String body) {
        this.json = JsonBodies.object(body, errors);
    }

    static AdminBody parse(String body) {
        return new AdminBody(body);
    }

    List<ValidationError> errors() {
        return errors;
    }

    /** The required {@code name}: 1 to {@value #MAX_NAME_LENGTH} characters. */
    String name() {
        if (json == null) {
            return null;
        }
        JsonValue value = json.get("name");
        if (value == null || value == JsonValue.NULL) {
            error("missing", "body.name", "name is required.");
        } else if (!(value instanceof JsonString text) || text.getString().isBlank()) {
            error("string_type", "body.name", "name must be a non-blank string.");
        } else if (text.getString().length() > MAX_NAME_LENGTH) {
            error("string_too_long", "body.name", "name must have at most " + MAX_NAME_LENGTH + " characters.");
        } else {
            return text.getString();
        }
        return null;
    }

    /**
     * The limits in {@code field} ({@code limits} inside a body, or the whole body when null),
     * each one of {@code known}.
     */
    Limits limits(String field, List<String> known) {
        if (json == null) {
            return Limits.none();
        }
        JsonValue value = field == null ? json : json.get(field);
        String location = field == null ? "body" : "body." + field;
        if (value == null || value == JsonValue.NULL) {
            return Limits.none();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            error("object_type", location, (field == null ? "the body" : field) + " must be an object of limits.");
            return Limits.none();
        }
        Limits limits = Limits.none();
        for (Map.Entry<String, JsonValue> limit : value.asJsonObject().entrySet()) {
            String name = limit.getKey();
            String where = location + "." + name;
            if (!known.contains(name)) {
                error("enum", where, name + " is not a limit; the limits are " + String.join(", ", known) + ".");
            } else if (limit.getValue() == JsonValue.NULL) {
                limits = limits.with(name, Cap.unlimited());
            } else {
                Long cap = JsonBodies.whole(limit.getValue(), where, 0, Integer.MAX_VALUE, errors);
                if (cap != null) {
                    limits = limits.with(name, Cap.atMost(cap.intValue()));
                }
            }
        }
        return limits;
    }

    /** The optional {@code permissions}: wire names, at least one; left out, every permission. */
    Set<KeyPermission> permissions() {
        JsonValue value = json == null ? null : json.get("permissions");
        if (value == null || value == JsonValue.NULL) {
            return KeyPermission.ALL;
        }
        String names = KeyPermission.ALL.stream().map(KeyPermission::wireName).collect(Collectors.joining(", "));
        if (value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().isEmpty()) {
            error("array_type", "body.permissions", "permissions must be a non-empty array of " + names + ".");
            return KeyPermission.ALL;
        }
        Set<KeyPermission> permissions = EnumSet.noneOf(KeyPermission.class);
        for (JsonValue item : value.asJsonArray()) {
            Optional<KeyPermission> permission = item instanceof JsonString text
                    ? KeyPermission.ofWireName(text.getString()) : Optional.empty();
            if (permission.isEmpty()) {
                error("enum", "body.permissions", "permissions must be among " + names + ".");
                return KeyPermission.ALL;
            }
            permissions.add(permission.get());
        }
        return permissions;
    }

    /**
     * A required amount of audio in whole seconds, named {@code field}: a JSON integer from 0 up
     * ({@code positive}: from 1), at most {@value #MAX_SECONDS}. A number with a fraction or an
     * exponent ({@code 1.5}, {@code 60.0}, {@code 6e1}) is {@code int_parsing}, never rounded.
     */
    Duration seconds(String field, boolean positive) {
        if (json == null) {
            return Duration.ZERO;
        }
        JsonValue value = json.get(field);
        String where = "body." + field;
        if (value == null || value == JsonValue.NULL) {
            error("missing", where, field + " is required: whole seconds of audio, an integer.");
            return Duration.ZERO;
        }
        Long seconds = JsonBodies.whole(value, where, positive ? 1 : 0, MAX_SECONDS, errors);
        return seconds == null ? Duration.ZERO : Duration.ofSeconds(seconds);
    }

    private void error(String type, String location, String message) {
        errors.add(new ValidationError(type, location, message));
    }
}
