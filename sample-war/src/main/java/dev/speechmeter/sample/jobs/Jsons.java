package dev.speechmeter.sample.jobs;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.function.Function;

/** The JSON details the sample's Soniox-style answers share. */
final class Jsons {

    private Jsons() {
    }

    static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    static void nullable(JsonObjectBuilder json, String name, Long value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    /**
     * One page of a list, as Soniox's clients page it: {@code next_page_cursor} is JSON null on
     * the last page, never absent.
     */
    static <T> JsonObject page(String name, List<T> items, Function<T, JsonObject> json, String nextCursor) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        items.forEach(item -> array.add(json.apply(item)));
        JsonObjectBuilder page = Json.createObjectBuilder().add(name, array);
        nullable(page, "next_page_cursor", nextCursor);
        return page.build();
    }
}
