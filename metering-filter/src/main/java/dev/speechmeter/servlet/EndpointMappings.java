package dev.speechmeter.servlet;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.MeteringProperties;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which paths the filter meters, as the deployer wrote them in the {@value #PARAMETER} init
 * parameter: one endpoint a line, {@code [<HTTP methods>] <url-pattern> <request_scope> [pool=<pool>]
 * [method=<method>] [technology=<technology> vendor=<vendor> operation=<operation>] [usage=none]
 * [queue=jobs]}.
 *
 * <pre>
 * /v1/transcriptions   transcribe_async   pool=transcribe   technology=speech_to_text vendor=acme operation=transcribe
 * /tts                 tts_rest           pool=tts
 * POST /v1/jobs        transcribe_async   pool=transcribe   method=async
 * GET,DELETE /v1/jobs/*  job_status       usage=none
 * </pre>
 *
 * A line that starts with HTTP methods (upper case, separated by commas; {@code GET} includes
 * {@code HEAD}) meters only those methods at its pattern; a line without meters every method. An
 * endpoint with {@code usage=none} is authenticated and counted against the request rate, but
 * holds no slot and writes no usage entry: for the reads around a job, such as its status. With
 * {@code queue=jobs}, a request that finds the pool full is accepted as a job that waits for a slot.
 *
 * Patterns are servlet-style: an exact path, or a prefix ending in {@code /*}. The longest match
 * wins. A pattern matches every spelling of its path that a container may route to the same
 * endpoint: any case, a trailing slash, empty or {@code .} segments, {@code ;} parameters,
 * percent-encoding. The three labels go together: an endpoint with them is subject to the capacities of that
 * label set.
 */
final class EndpointMappings {

    static final String PARAMETER = MeteringProperties.ENDPOINTS;

    private static final List<String> OPTIONS = List.of("pool", "method", "technology", "vendor", "operation", "usage", "queue");
    private static final Pattern HTTP_METHODS = Pattern.compile("[A-Z]+(,[A-Z]+)*");


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
        // The most specific mapping wins: the longest path first; at one path, the exact pattern
        // before the prefix (as a servlet container routes), and a line for some methods before
        // a line for all of them.
        mappings.sort(Comparator.comparingInt((Mapping mapping) -> -mapping.path.length())
                .thenComparing(mapping -> mapping.prefix)
                .thenComparing(mapping -> mapping.methods.isEmpty()));
        return new EndpointMappings(List.copyOf(mappings));
    }

    private static Mapping parseLine(String line, Collection<String> pools) {
        String[] words = line.split("\\s+");
        Set<String> methods = Set.of();
        if (words.length > 0 && HTTP_METHODS.matcher(words[0]).matches()) {
            methods = httpMethods(words[0]);
            words = Arrays.copyOfRange(words, 1, words.length);
        }
        if (words.length < 2 || !words[0].startsWith("/")) {
            throw invalid(line, "expected '[<HTTP methods>] <url-pattern> <request_scope> [pool=<pool>] "
                    + "[method=<method>] [technology=<technology> vendor=<vendor> operation=<operation>] [usage=none]'");
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
        String usage = options.get("usage");
        if (usage != null && !usage.equals("none")) {
            throw invalid(line, "usage= takes only 'none' (an endpoint is recorded unless it says so)");
        }
        try {
            return Mapping.of(methods, pattern, MeteredEndpoint.declared(scope, options.get("pool"),
                    options.getOrDefault("method", "sync"), options.get("technology"), options.get("vendor"),
                    options.get("operation"), usage == null, options.get("queue"), pools));
        } catch (IllegalArgumentException e) {
            throw invalid(line, e.getMessage());
        }
    }

    private static Set<String> httpMethods(String word) {
        Set<String> methods = new LinkedHashSet<>(List.of(word.split(",")));
        if (methods.contains("GET")) {
            // A container answers HEAD with its GET endpoint, so a HEAD request is that endpoint's too.
            methods.add("HEAD");
        }
        return Set.copyOf(methods);
    }

    private static ConfigurationException invalid(String line, String why) {
        return ConfigurationException.invalidLine(PARAMETER, line, why);
    }

    /**
     * The endpoint a path belongs to, or null when the path is not metered. Every spelling of the
     * path matches as its canonical form does ({@link PathSpellings#canonical}).
     */
    MeteredEndpoint match(String path) {
        return match(null, Set.of(PathSpellings.canonical(path)));
    }

    /**
     * The endpoint that any of the canonical spellings belongs to for {@code httpMethod} (null: any
     * method), the longest mapping first.
     */
    MeteredEndpoint match(String httpMethod, Set<String> canonicalSpellings) {
        // A router may take a method in any case for its own (get for GET): so does the mapping.
        String method = httpMethod == null ? null : httpMethod.toUpperCase(Locale.ROOT);
        for (Mapping mapping : mappings) {
            if (method != null && !mapping.methods.isEmpty() && !mapping.methods.contains(method)) {
                continue;
            }
            for (String spelling : canonicalSpellings) {
                if (mapping.matches(spelling)) {
                    return mapping.endpoint;
                }
            }
        }
        return null;
    }

    /** Whether any mapping, whatever its methods, names one of the spellings' paths. */
    boolean namesPath(Set<String> canonicalSpellings) {
        return match(null, canonicalSpellings) != null;
    }

    /** Each mapping in a few words, for the start-up log: {@code /tts (tts_rest pool=tts method=sync)}. */
    List<String> describe() {
        return mappings.stream().map(mapping -> (mapping.methods.isEmpty() ? "" : String.join(",",
                mapping.methods.stream().sorted().toList()) + " ") + mapping.pattern + " ("
                + mapping.endpoint.describe() + ")").toList();
    }

    boolean isEmpty() {
        return mappings.isEmpty();
    }

    /** A pattern in canonical form: {@code path} exactly, or everything under it when {@code prefix}. */
    private record Mapping(Set<String> methods, String pattern, String path, boolean prefix, MeteredEndpoint endpoint) {

        static Mapping of(Set<String> methods, String pattern, MeteredEndpoint endpoint) {
            boolean prefix = pattern.endsWith("/*");
            String path = PathSpellings.canonical(prefix ? pattern.substring(0, pattern.length() - 2) : pattern);
            return new Mapping(methods, pattern, path, prefix, endpoint);
        }

        boolean matches(String canonicalPath) {
            if (canonicalPath.equals(path)) {
                return true;
            }
            return prefix && (path.equals("/") || canonicalPath.startsWith(path + "/"));
        }
    }
}
