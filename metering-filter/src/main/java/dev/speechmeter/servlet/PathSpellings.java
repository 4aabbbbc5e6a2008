package dev.speechmeter.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one canonical form of a path, so that every spelling a container or a JAX-RS runtime may
 * route to an endpoint meets that endpoint's mapping: percent-decoded (until nothing is left to
 * decode), {@code ;} path parameters dropped, {@code \} read as {@code /}, empty and {@code .}
 * segments dropped, {@code ..} resolved, no trailing slash, lower case. Folding more spellings
 * together than the container does only meters more; folding fewer would serve for free.
 */
final class PathSpellings {

    /** More rounds of percent-decoding than any router applies; {@code %25252F} is still {@code /}. */
    private static final int DECODING_ROUNDS = 4;

    private PathSpellings() {
    }

    /**
     * The canonical forms of the request's path inside the application: as the container decoded
     * it (servlet path and path info), and as the client spelled it (the raw request URI less the
     * context path). A mapping that matches either meters the request.
     */
    static Set<String> of(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return of(request.getServletPath() + (pathInfo == null ? "" : pathInfo), request.getRequestURI(),
                request.getContextPath());
    }

    /**
     * @param decoded     the path inside the application as the container decoded it
     * @param raw         the request URI as sent, context path included; null if unknown
     * @param contextPath the application's context path
     */
    static Set<String> of(String decoded, String raw, String contextPath) {
        Set<String> spellings = new LinkedHashSet<>(2);
        spellings.add(canonical(decoded));
        if (raw != null) {
            String context = canonical(contextPath == null ? "" : contextPath);
            inside(canonical(raw), context, spellings);
            if (hasDots(raw)) {
                inside(literal(raw), context, spellings);
            }
        }
        if (hasDots(decoded)) {
            spellings.add(literal(decoded));
        }
        return spellings;
    }

    /** Adds the part of {@code uri} inside the application at {@code context}, if it is inside. */
    private static void inside(String uri, String context, Set<String> spellings) {
        if (context.equals("/")) {
            spellings.add(uri);
        } else if (uri.equals(context)) {
            spellings.add("/");
        } else if (uri.startsWith(context + "/")) {
            spellings.add(uri.substring(context.length()));
        }
    }

    /** Whether the path may hold a dot segment, spelled out or percent-encoded. */
    private static boolean hasDots(String path) {
        return path.indexOf('.') >= 0 || path.indexOf('%') >= 0;
    }

    /**
     * The canonical form of a path with its {@code .} and {@code ..} segments kept as names: a
     * router that gets them percent-encoded does not resolve them, and may hand {@code ..} to an
     * endpoint as a path parameter ({@code /v1/files/%2e%2e}).
     */
    static String literal(String path) {
        return canonical(path, false);
    }

    /** The canonical form of one path; {@code "/"} for the root or for a path that climbs above it. */
    static String canonical(String path) {
        return canonical(path, true);
    }

    private static String canonical(String path, boolean resolveDots) {
        if (isCanonical(path)) {
            return path;
        }
        String decoded = path;
        for (int round = 0; round < DECODING_ROUNDS && decoded.indexOf('%') >= 0; round++) {
            decoded = percentDecoded(decoded);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.replace('\\', '/').split("/")) {
            int parameters = segment.indexOf(';');
            String name = (parameters < 0 ? segment : segment.substring(0, parameters)).strip();
            if (name.isEmpty() || (resolveDots && name.equals("."))) {
                continue;
            }
            if (resolveDots && name.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(name.toLowerCase(Locale.ROOT));
        }
        return "/" + String.join("/", segments);
    }

    /**
     * True when the path is its own canonical form, as nearly every request's path is: one scan
     * instead of splitting and joining.
     */
    private static boolean isCanonical(String path) {
        int length = path.length();
        if (length == 0 || path.charAt(0) != '/' || (length > 1 && path.charAt(length - 1) == '/')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '\\' || (c >= 'A' && c <= 'Z') || c > '~' || c <= ' ') {
                return false;
            }
            if (c == '/' && i + 1 < length && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Decodes every well-formed {@code %XX} as UTF-8; a malformed escape stays as it is. */
    private static String percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
                continue;
            }
            flush(bytes, out);
            out.append(c);
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
    }
}
