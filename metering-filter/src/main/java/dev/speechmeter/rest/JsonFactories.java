package dev.speechmeter.rest;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonParserFactory;
import java.util.Map;

/**
 * The JSON builders and parsers of Speechmeter's endpoints, from one provider looked up once: every
 * {@code Json.create...()} call looks the provider up again, which costs more than building a
 * usage-log entry.
 */
final class JsonFactories {

    static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());

    private JsonFactories() {
    }

    /** Adds {@code value} under {@code name}, or JSON {@code null} when there is none. */
    static JsonObjectBuilder nullable(JsonObjectBuilder json, String name, String value) {
        return value == null ? json.addNull(name) : json.add(name, value);
    }
}
