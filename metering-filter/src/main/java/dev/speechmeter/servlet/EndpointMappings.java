package dev.speechmeter.servlet;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.engine.MeteredEndpoint;
import dev.speechmeter.spi.LabelSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which paths the filter meters, as the deployer wrote them in the {@value #PARAMETER} init
 * parameter: one endpoint a line, {@code <url-pattern> <request_scope> [pool=<pool>] [method=<method>]
 * [technology=<technology> vendor=<vendor> operation=<operation>]}.
 *
 * <pre>
 * /v1/transcriptions   transcribe_async   pool=transcribe   technology=speech_to_text vendor=acme operation=transcribe
 * /tts                 tts_rest           pool=tts
 * /v1/jobs/*           transcribe_async   pool=transcribe   method=async
 * </pre>
 *
 * Patterns are servlet-style: an exact path, or a prefix ending in {@code /*}. The longest match
 * wins. The three labels go together: an endpoint with them is subject to the capacities of that
 * label set.
 */
final class EndpointMappings {

    static final String PARAMETER = "speechmeter.endpoints";

    private static final List<String> LABELS = List.of("technology", "vendor", "operation");


    private final List<Mapping> mappings;

    private EndpointMappings(List<Mapping> mappings) {
        this.mappings = mappings;
    }

    static EndpointMappings parse(String text, Collection<String> pools) {
        List<Mapping> mappings = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("[\\n;]")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    mappings.add(parseLine(trimmed, pools));
                }
            }
        }
        // Longest pattern first, so that the most specific mapping wins.
        mappings.sort((a, b) -> Integer.compare(b.pattern.length(), a.pattern.length()));
        return new EndpointMappings(List.copyOf(mappings));
    }

    private static Mapping parseLine(String line, Collection<String> pools) {
        String[] words = line.split("\\s+");
        if (words.length < 2 || !words[0].startsWith("/")) {
            throw invalid(line, "expected '<url-pattern> <request_scope> [pool=<pool>] [method=<method>] "
                    + "[technology=<technology> vendor=<vendor> operation=<operation>]'");
        }
        String pattern = words[0];
        if (pattern.indexOf('*') >= 0 && !(pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1)) {
            throw invalid(line, "a pattern is an exact path or a prefix ending in '/*'");
        }
        String scope = words[1];
        if (!scope.matches("[a-z][a-z0-9_]{0,63}")) {
            throw invalid(line, "a request scope is lower-case letters, digits and '_'");
        }
        String pool = null;
        String method = "sync";
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 2; i < words.length; i++) {
            String word = words[i];
            String name = word.substring(0, Math.max(0, word.indexOf('=')));
            if (LABELS.contains(name)) {
                labels.put(name, word.substring(name.length() + 1));
            } else if (word.startsWith("pool=")) {
                pool = word.substring("pool=".length());
                if (!pools.contains(pool)) {
                    throw invalid(line, "unknown pool '" + pool + "'; the pools are " + pools);
                }
            } else if (word.startsWith("method=")) {
                method = word.substring("method=".length());
                if (!MeteredEndpoint.METHODS.contains(method)) {
                    throw invalid(line, "method is one of " + MeteredEndpoint.METHODS);
                }
            } else {
                throw invalid(line, "unexpected '" + word + "'");
            }
        }
        return new Mapping(pattern, new MeteredEndpoint(scope, pool, method, labels(line, labels)));
    }

    private static LabelSet labels(String line, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return null;
        }
        if (labels.size() < LABELS.size()) {
            throw invalid(line, "capacity labels go together: " + String.join("=, ", LABELS) + "=");
        }
        try {
            return new LabelSet(labels.get("technology"), labels.get("vendor"), labels.get("operation"));
        } catch (IllegalArgumentException e) {
            throw invalid(line, e.getMessage());
        }
    }

    private static ConfigurationException invalid(String line, String why) {
        return new ConfigurationException("Invalid line in " + PARAMETER + ": '" + line + "': " + why);
    }

    /** The endpoint a path belongs to, or null when the path is not metered. */
    MeteredEndpoint match(String path) {
        for (Mapping mapping : mappings) {
            if (mapping.matches(path)) {
                return mapping.endpoint;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return mappings.isEmpty();
    }

    private record Mapping(String pattern, MeteredEndpoint endpoint) {

        boolean matches(String path) {
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                return path.equals(prefix) || path.startsWith(prefix + "/");
            }
            return path.equals(pattern);
        }
    }
}
