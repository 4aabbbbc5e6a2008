package dev.speechmeter.servlet;

import java.util.List;
import java.util.Set;

/**
 * The paths of Speechmeter's own endpoints (the REST resources of {@code dev.speechmeter.rest},
 * under an application path of {@code /}), whose errors the filter answers in the error shape as
 * it does on metered paths, even when a framework produced them before any resource ran.
 */
final class SpeechmeterPaths {

    /** The Deepgram-style project endpoints, whose errors have Deepgram's shape. */
    static final String DEEPGRAM = "/v1/projects";

    static final List<String> ALL = List.of("/v1/usage-logs", "/v1/usage/summary", "/v1/auth/temporary-api-key",
            "/v1/auth/grant", "/v1/concurrency-limits", "/api/billing",
            "/v1/admin", DEEPGRAM);

    private SpeechmeterPaths() {
    }

    /** The own path a canonical spelling falls under, or null. */
    static String of(Set<String> canonicalSpellings) {
        for (String spelling : canonicalSpellings) {
            for (String path : ALL) {
                if (spelling.equals(path) || spelling.startsWith(path + "/")) {
                    return path;
                }
            }
        }
        return null;
    }
}
