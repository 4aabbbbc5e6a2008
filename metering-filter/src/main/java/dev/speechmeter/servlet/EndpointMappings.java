package dev.speechmeter.servlet;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.engine.MeteredEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which paths the filter meters, as the deployer wrote them in the {@value #PARAMETER} init
 * parameter: one endpoint a line, {@code <url-pattern> <request_scope> [pool=<pool>] [method=<method>]}.
 *
 * <pre>
 * /v1/transcriptions   transcribe_async   pool=transcribe
 * /tts                 tts_rest           pool=tts
 * /v1/jobs/*           transcribe_async   pool=transcribe   method=async
 * </pre>
 *
 * Patterns are servlet-style: an exact path, or a prefix ending in {@code /*}. The longest match wins.
 */
final class EndpointMappings {

    static final String PARAMETER = "speechmeter.endpoints";


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
            throw invalid(line, "expected '<url-pattern> <request_scope> [pool=<pool>] [method=<method>]'");
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
        for (int i = 2; i < words.length; i++) {
            String word = words[i];
            if (word.startsWith("pool=")) {
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
        return new Mapping(pattern, new MeteredEndpoint(scope, pool, method));
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
