package dev.speechmeter.servlet;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.MeteringProperties;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * wins. A pattern matches every spelling of its path that a container may route to the same
 * endpoint: any case, a trailing slash, empty or {@code .} segments, {@code ;} parameters,
 * percent-encoding. The three labels go together: an endpoint with them is subject to the capacities of that
 * label set.
 */
final class EndpointMappings {

    static final String PARAMETER = MeteringProperties.ENDPOINTS;

    private static final List<String> OPTIONS = List.of("pool", "method", "technology", "vendor", "operation");


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
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < words.length; i++) {
            String word = words[i];
            int equals = word.indexOf('=');
            String name = word.substring(0, Math.max(0, equals));
            if (!OPTIONS.contains(name) || options.putIfAbsent(name, word.substring(equals + 1)) != null) {
                throw invalid(line, "unexpected '" + word + "'");
            }
        }
        try {
            return Mapping.of(pattern, MeteredEndpoint.declared(scope, options.get("pool"),
                    options.getOrDefault("method", "sync"), options.get("technology"), options.get("vendor"),
                    options.get("operation"), pools));
        } catch (IllegalArgumentException e) {
            throw invalid(line, e.getMessage());
        }
    }

    private static ConfigurationException invalid(String line, String why) {
        return ConfigurationException.invalidLine(PARAMETER, line, why);
    }

    /**
     * The endpoint a path belongs to, or null when the path is not metered. Every spelling of the
     * path matches as its canonical form does ({@link PathSpellings#canonical}).
     */
    MeteredEndpoint match(String path) {
        return match(Set.of(PathSpellings.canonical(path)));
    }

    /** The endpoint that any of the canonical spellings belongs to, the longest mapping first. */
    MeteredEndpoint match(Set<String> canonicalSpellings) {
        for (Mapping mapping : mappings) {
            for (String spelling : canonicalSpellings) {
                if (mapping.matches(spelling)) {
                    return mapping.endpoint;
                }
            }
        }
        return null;
    }

    /** Each mapping in a few words, for the start-up log: {@code /tts (tts_rest pool=tts method=sync)}. */
    List<String> describe() {
        return mappings.stream().map(mapping -> mapping.pattern + " (" + mapping.endpoint.describe() + ")").toList();
    }

    boolean isEmpty() {
        return mappings.isEmpty();
    }

    /** A pattern in canonical form: {@code path} exactly, or everything under it when {@code prefix}. */
    private record Mapping(String pattern, String path, boolean prefix, MeteredEndpoint endpoint) {

        static Mapping of(String pattern, MeteredEndpoint endpoint) {
            boolean prefix = pattern.endsWith("/*");
            String path = PathSpellings.canonical(prefix ? pattern.substring(0, pattern.length() - 2) : pattern);
            return new Mapping(pattern, path, prefix, endpoint);
        }

        boolean matches(String canonicalPath) {
            if (canonicalPath.equals(path)) {
                return true;
            }
            return prefix && (path.equals("/") || canonicalPath.startsWith(path + "/"));
        }
    }
}
