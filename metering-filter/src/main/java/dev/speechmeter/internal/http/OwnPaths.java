package dev.speechmeter.internal.http;

import java.util.List;

/**
 * The paths of Speechmeter's own REST endpoints under the application's path, before any
 * {@code speechmeter.rest.prefix}.
 *
 * <pre>{@code
 * boolean own = OwnPaths.isOwn("/v1/usage-logs");   // true
 * }</pre>
 */
public final class OwnPaths {

    /** The Deepgram-style project endpoints, whose errors have Deepgram's shape. */
    public static final String DEEPGRAM = "/v1/projects";

    /** Every one, each with the paths under it. */
    public static final List<String> ALL = List.of("/v1/usage-logs", "/v1/usage/summary",
            "/v1/auth/temporary-api-key", "/v1/auth/grant", "/v1/concurrency-limits", "/v1/concurrent-streams-history",
            "/api/billing", "/v1/admin", DEEPGRAM);

    private OwnPaths() {
    }

    /** True when {@code path} (starting with {@code /}) is one of {@link #ALL} or under one. */
    public static boolean isOwn(String path) {
        for (String own : ALL) {
            if (path.equals(own) || path.startsWith(own + "/")) {
                return true;
            }
        }
        return false;
    }
}
