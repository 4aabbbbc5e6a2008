package dev.speechmeter.sample.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Checks a JSON value against a schema of an OpenAPI 3.1 document, as far as the schemas of
 * Speechmeter's endpoints use JSON Schema: {@code $ref}, {@code oneOf}, {@code anyOf}, {@code type}
 * (one or several, {@code null} included), {@code enum}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code items}, {@code minimum}, {@code maximum} and the formats
 * {@code uuid}, {@code date} and {@code date-time}. A field the schema does not declare is a
 * problem: the document must name every field an answer has.
 *
 * <pre>{@code
 * SchemaCheck check = new SchemaCheck(document);
 * assertThat(check.problems(body, check.schema("UsageLogPage"))).isEmpty();
 * }</pre>
 */
final class SchemaCheck {

    private static final String REF_PREFIX = "#/components/schemas/";

    private final JsonObject schemas;
    private final Set<String> checked = new TreeSet<>();

    SchemaCheck(JsonObject document) {
        this.schemas = document.getJsonObject("components").getJsonObject("schemas");
    }

    /** The component schema of that name. */
    JsonObject schema(String name) {
        JsonObject schema = schemas.getJsonObject(name);
        if (schema == null) {
            throw new AssertionError("The document has no schema " + name);
        }
        return schema;
    }

    /** The component schema a {@code $ref} names, or null when it names none. */
    JsonObject resolve(String ref) {
        return ref.startsWith(REF_PREFIX) ? schemas.getJsonObject(ref.substring(REF_PREFIX.length())) : null;
    }

    /** The problems of {@code value} against {@code schema}, each at its JSON path; empty when it conforms. */
    List<String> problems(JsonValue value, JsonObject schema) {
        Set<String> seen = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems, seen);
        if (problems.isEmpty()) {
            checked.addAll(seen);
        }
        return problems;
    }

    /** The component schemas that some value conformed to. */
    Set<String> checkedSchemas() {
        return checked;
    }

    /** The component schemas {@code schema} refers to, directly or through others. */
    Set<String> reachable(JsonObject schema) {
        Set<String> names = new TreeSet<>();
        collect(schema, names);
        return names;
    }

    private void collect(JsonValue node, Set<String> names) {
        if (node instanceof JsonObject object) {
            if (object.get("$ref") instanceof JsonString ref && ref.getString().startsWith(REF_PREFIX)) {
                String name = ref.getString().substring(REF_PREFIX.length());
                if (names.add(name)) {
                    collect(schema(name), names);
                }
            }
            object.values().forEach(child -> collect(child, names));
        } else if (node instanceof JsonArray array) {
            array.forEach(child -> collect(child, names));
        }
    }

    private void check(JsonValue value, JsonObject schema, String path, List<String> problems, Set<String> seen) {
        if (schema.containsKey("$ref")) {
            String ref = schema.getString("$ref");
            JsonObject target = resolve(ref);
            if (target == null) {
                problems.add(path + ": $ref " + ref + " resolves to nothing");
                return;
            }
            seen.add(ref.substring(REF_PREFIX.length()));
            check(value, target, path, problems, seen);
        }
        if (schema.containsKey("oneOf")) {
            alternatives(value, schema.getJsonArray("oneOf"), path, problems, seen, true);
        }
        if (schema.containsKey("anyOf")) {
            alternatives(value, schema.getJsonArray("anyOf"), path, problems, seen, false);
        }
        if (schema.containsKey("type") && !hasType(value, schema.get("type"))) {
            problems.add(path + ": " + value + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.get("enum") instanceof JsonArray allowed && allowed.stream().noneMatch(one -> same(one, value))) {
            problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        switch (value.getValueType()) {
            case OBJECT -> checkObject(value.asJsonObject(), schema, path, problems, seen);
            case ARRAY -> {
                if (schema.get("items") instanceof JsonObject items) {
                    JsonArray array = value.asJsonArray();
                    for (int i = 0; i < array.size(); i++) {
                        check(array.get(i), items, path + "[" + i + "]", problems, seen);
                    }
                }
            }
            case STRING -> checkFormat(((JsonString) value).getString(), schema.getString("format", ""), path,
                    problems);
            case NUMBER -> checkBounds(((JsonNumber) value).bigDecimalValue(), schema, path, problems);
            default -> {
            }
        }
    }

    private void alternatives(JsonValue value, JsonArray alternatives, String path, List<String> problems,
                              Set<String> seen, boolean exactlyOne) {
        List<String> misses = new ArrayList<>();
        int matches = 0;
        for (JsonValue alternative : alternatives) {
            List<String> own = new ArrayList<>();
            Set<String> ownSeen = new TreeSet<>();
            check(value, alternative.asJsonObject(), path, own, ownSeen);
            if (own.isEmpty()) {
                matches++;
                seen.addAll(ownSeen);
            } else {
                misses.addAll(own);
            }
        }
        if (matches == 0 || exactlyOne && matches > 1) {
            problems.add(path + ": matches " + matches + " of " + alternatives + "; " + misses);
        }
    }

    private void checkObject(JsonObject object, JsonObject schema, String path, List<String> problems,
                             Set<String> seen) {
        JsonObject properties = schema.containsKey("properties") ? schema.getJsonObject("properties")
                : JsonValue.EMPTY_JSON_OBJECT;
        for (Map.Entry<String, JsonValue> field : object.entrySet()) {
            String at = path + "." + field.getKey();
            if (properties.get(field.getKey()) instanceof JsonObject property) {
                check(field.getValue(), property, at, problems, seen);
            } else if (schema.get("additionalProperties") instanceof JsonObject additional) {
                check(field.getValue(), additional, at, problems, seen);
            } else if (schema.get("additionalProperties") != JsonValue.TRUE && !schema.containsKey("oneOf")
                    && !schema.containsKey("anyOf") && !schema.containsKey("$ref")) {
                problems.add(at + ": the schema does not declare this field");
            }
        }
        if (schema.get("required") instanceof JsonArray required) {
            required.getValuesAs(JsonString.class).stream().map(JsonString::getString)
                    .filter(name -> !object.containsKey(name))
                    .forEach(name -> problems.add(path + "." + name + ": required, but missing"));
        }
    }

    private static void checkFormat(String text, String format, String path, List<String> problems) {
        try {
            switch (format) {
                case "uuid" -> {
                    if (!UUID.fromString(text).toString().equalsIgnoreCase(text)) {
                        throw new IllegalArgumentException(text);
                    }
                }
                case "date" -> LocalDate.parse(text);
                case "date-time" -> OffsetDateTime.parse(text);
                default -> {
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add(path + ": \"" + text + "\" is not a " + format);
        }
    }

    private static void checkBounds(BigDecimal number, JsonObject schema, String path, List<String> problems) {
        if (schema.get("minimum") instanceof JsonNumber minimum && number.compareTo(minimum.bigDecimalValue()) < 0) {
            problems.add(path + ": " + number + " is below " + minimum);
        }
        if (schema.get("maximum") instanceof JsonNumber maximum && number.compareTo(maximum.bigDecimalValue()) > 0) {
            problems.add(path + ": " + number + " is above " + maximum);
        }
    }

    private static boolean hasType(JsonValue value, JsonValue type) {
        if (type instanceof JsonArray types) {
            return types.getValuesAs(JsonString.class).stream().anyMatch(one -> hasType(value, one.getString()));
        }
        return hasType(value, ((JsonString) type).getString());
    }

    private static boolean hasType(JsonValue value, String type) {
        return switch (type) {
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "integer" -> value instanceof JsonNumber number && number.isIntegral();
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            case "null" -> value == JsonValue.NULL;
            default -> throw new AssertionError("A type JSON Schema does not have: " + type);
        };
    }

    private static boolean same(JsonValue allowed, JsonValue value) {
        if (allowed instanceof JsonNumber one && value instanceof JsonNumber other) {
            return one.bigDecimalValue().compareTo(other.bigDecimalValue()) == 0;
        }
        return allowed.equals(value);
    }
}
