package dev.speechmeter.servlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The paths whose errors the filter answers in the error shape even though it does not meter
 * them: Speechmeter's own endpoints (the REST resources of {@code dev.speechmeter.rest}, under an
 * application path of {@code /}) and the resources metered by {@code @Metered}. There a framework
 * may answer before any resource runs (a method or media type not served), in its own words.
 */
final class SpeechmeterPaths {

    /** The Deepgram-style project endpoints, whose errors have Deepgram's shape. */
    static final String DEEPGRAM = "/v1/projects";

    static final List<String> OWN = List.of("/v1/usage-logs", "/v1/usage/summary", "/v1/auth/temporary-api-key",
            "/v1/auth/grant", "/v1/concurrency-limits", "/v1/concurrent-streams-history", "/api/billing", "/v1/admin",
            DEEPGRAM);

    private final List<String> paths = new ArrayList<>();

    /** @param annotated the paths of resources metered by annotation */
    SpeechmeterPaths(Collection<String> annotated) {
        OWN.forEach(path -> paths.add(PathSpellings.canonical(path)));
        for (String path : annotated) {
            String canonical = PathSpellings.canonical(path);
            if (!canonical.equals("/")) {
                // A resource at the application's root would put every path of the application here.
                paths.add(canonical);
            }
        }
    }

    /** True when a canonical path is one of the Deepgram-style project endpoints. */
    static boolean isDeepgram(String canonicalPath) {
        return canonicalPath.equals(DEEPGRAM) || canonicalPath.startsWith(DEEPGRAM + "/");
    }

    /** The path a canonical spelling falls under, or null. */
    String of(Set<String> canonicalSpellings) {
        for (String spelling : canonicalSpellings) {
            for (String path : paths) {
                if (spelling.equals(path) || spelling.startsWith(path + "/")) {
                    return path;
                }
            }
        }
        return null;
    }
}
