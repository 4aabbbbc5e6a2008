package dev.speechmeter.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;

/** Reads a {@code RateLimit-Policy} or {@code RateLimit} field back with a Structured Fields parser. */
public final class RateLimitFields {

    private RateLimitFields() {
    }

    /** Policy name to its parameters; fails on anything that is not a valid sf-list of strings. */
    public static Map<String, Map<String, Object>> parse(String field) {
        Map<String, Map<String, Object>> policies = new LinkedHashMap<>();
        for (ListElement<?> element : Parser.parseList(field).get()) {
            if (!(element instanceof StringItem item)) {
                throw new AssertionError("policy is not an sf-string: " + element.serialize());
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, Item<?>> parameter : item.getParams().entrySet()) {
                parameters.put(parameter.getKey(), parameter.getValue().get());
            }
            policies.put(item.get(), parameters);
        }
        return policies;
    }
}
