package dev.speechmeter.sample.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Other ways to write the request target of one path: the spellings a servlet container, a
 * JAX-RS runtime or a proxy may read as that path, or as another one. Each spelling has a kind
 * ({@code trailing-slash}, {@code dot-segment}, ...) for the reports.
 */
final class PathSpellings {

    private final String path;
    private final String[] segments;
    private final Map<String, String> spellings = new LinkedHashMap<>();

    private PathSpellings(String path) {
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException(path);
        }
        this.path = path;
        this.segments = path.substring(1).split("/");
    }

    /** A request target and what kind of spelling it is. */
    record Spelling(String target, String kind) {
    }

    /**
     * Every spelling of {@code path} this class knows, the path itself first ({@code canonical}).
     *
     * @param authority {@code host:port}, for the absolute-form targets
     */
    static List<Spelling> of(String path, String authority) {
        PathSpellings spell = new PathSpellings(path);
        spell.generate(authority);
        List<Spelling> all = new ArrayList<>();
        spell.spellings.forEach((target, kind) -> all.add(new Spelling(target, kind)));
        return all;
    }

    /** One spelling of {@code path} picked by {@code random}, never the path itself. */
    static Spelling any(String path, String authority, Random random) {
        List<Spelling> all = of(path, authority);
        return all.get(1 + random.nextInt(all.size() - 1));
    }

    private void generate(String authority) {
        add(path, "canonical");
        add(path + "/", "trailing-slash");
        add(path + "//", "trailing-slash");
        add("/" + path, "empty-segment");
        for (int i = 1; i < segments.length; i++) {
            add(join(i, "//"), "empty-segment");
        }
        add(path + ";x=1", "path-parameter");
        add(path + ";jsessionid=a", "path-parameter");
        add(path + ";", "path-parameter");
        add(path + ";a=b;c=d", "path-parameter");
        for (int i = 0; i < segments.length - 1; i++) {
            add(withSegment(i, segments[i] + ";a"), "path-parameter");
        }
        add("/." + path, "dot-segment");
        add(path + "/.", "dot-segment");
        for (int i = 1; i < segments.length; i++) {
            add(join(i, "/./"), "dot-segment");
        }
        add("/x/.." + path, "dot-segment");
        add("/../" + path.substring(1), "dot-segment");
        add(path + "/x/..", "dot-segment");
        for (int i = 1; i < segments.length; i++) {
            add(join(i, "/x/../"), "dot-segment");
        }
        add("/%2e" + path, "encoded-dot-segment");
        add("/x/%2e%2e" + path, "encoded-dot-segment");
        add("/x/%2E%2E" + path, "encoded-dot-segment");
        add("/x/.%2e" + path, "encoded-dot-segment");
        for (int i = 0; i < segments.length; i++) {
            add(withSegment(i, encodeAt(segments[i], 0, false)), "encoded-letter");
            add(withSegment(i, encodeAt(segments[i], 0, true)), "encoded-letter");
        }
        String last = segments[segments.length - 1];
        add(withSegment(segments.length - 1, encodeAt(last, last.length() - 1, false)), "encoded-letter");
        add(withSegment(segments.length - 1, encodeAll(last)), "encoded-letter");
        for (int i = 1; i < segments.length; i++) {
            add(join(i, "%2F"), "encoded-slash");
            add(join(i, "%2f"), "encoded-slash");
            add(join(i, "%252F"), "double-encoded-slash");
            add(join(i, "%c0%af"), "overlong-utf8-slash");
        }
        add("/%2F" + path.substring(1), "encoded-slash");
        add(path.toUpperCase(Locale.ROOT), "case");
        add(capitalized(), "case");
        add(withSegment(segments.length - 1, last.toUpperCase(Locale.ROOT)), "case");
        add(path + "%20", "encoded-space");
        add(path + "%00", "encoded-nul");
        add(path + "%09", "encoded-tab");
        add(path + "?", "empty-query");
        add(path + "\\", "backslash");
        if (segments.length > 1) {
            add(join(segments.length - 1, "\\"), "backslash");
        }
        add("/" + encodeAt(segments[0], 0, false).replace("%", "%25") + path.substring(1 + segments[0].length()),
                "double-encoded-letter");
        add("http://" + authority + path, "absolute-form");
        add("http://" + authority + path + "/", "absolute-form+trailing-slash");
        add("HTTP://" + authority.toUpperCase(Locale.ROOT) + path, "absolute-form");
        // Combinations.
        add(path + "/;x=1", "trailing-slash+path-parameter");
        add(path + ";x=1/", "path-parameter+trailing-slash");
        add(path + ";jsessionid=a/", "path-parameter+trailing-slash");
        add("/" + path + "/", "empty-segment+trailing-slash");
        add("/." + path + "/", "dot-segment+trailing-slash");
        add("/x/.." + path + ";jsessionid=a", "dot-segment+path-parameter");
        add(withSegment(segments.length - 1, encodeAt(last, last.length() - 1, false)) + "/",
                "encoded-letter+trailing-slash");
        add(withSegment(segments.length - 1, encodeAt(last, 0, false)) + ";x=1", "encoded-letter+path-parameter");
        add(path.toUpperCase(Locale.ROOT) + "/", "case+trailing-slash");
        add("/./" + capitalized().substring(1), "dot-segment+case");
        if (segments.length > 1) {
            add(join(1, "/./").replace(segments[segments.length - 1], encodeAt(last, last.length() - 1, false)),
                    "dot-segment+encoded-letter");
            add(withSegment(0, segments[0] + ";a") .replace("/" + last, "//" + last), "path-parameter+empty-segment");
            add(join(1, "%2F") + ";x=1", "encoded-slash+path-parameter");
            add(join(1, "%2F") + "/", "encoded-slash+trailing-slash");
        } else {
            add("//" + encodeAt(last, 0, false), "empty-segment+encoded-letter");
            add("/x/../" + encodeAt(last, 0, false) + "/", "dot-segment+encoded-letter+trailing-slash");
        }
    }

    private void add(String target, String kind) {
        spellings.putIfAbsent(target, kind);
    }

    /** The path with the separator before segment {@code at} replaced by {@code separator}. */
    private String join(int at, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            out.append(i == at ? separator : "/").append(segments[i]);
        }
        return out.toString();
    }

    private String withSegment(int at, String replacement) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            out.append('/').append(i == at ? replacement : segments[i]);
        }
        return out.toString();
    }

    private String capitalized() {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(Character.toUpperCase(segment.charAt(0))).append(segment.substring(1));
        }
        return out.toString();
    }

    private static String encodeAt(String segment, int index, boolean upperHex) {
        return segment.substring(0, index) + percent(segment.charAt(index), upperHex) + segment.substring(index + 1);
    }

    private static String encodeAll(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b & 0xFF));
        }
        return out.toString();
    }

    private static String percent(char c, boolean upperHex) {
        String hex = String.format("%02x", (int) c);
        return "%" + (upperHex ? hex.toUpperCase(Locale.ROOT) : hex);
    }
}
