package dev.speechmeter.rest;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import java.util.Map;

/**
 * The JSON builders of Speechmeter's endpoints, from one provider looked up once: every
 * {@code Json.create...()} call looks the provider up again, which costs more than building a
 * usage-log entry.
 */
final class JsonFactories {

    static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    private JsonFactories() {
    }
}
