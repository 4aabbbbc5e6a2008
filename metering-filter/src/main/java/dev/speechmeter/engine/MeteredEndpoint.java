package dev.speechmeter.engine;

import java.util.Objects;
import java.util.Set;

/**
 * What the deployer declared for an endpoint: the request scope its usage entries carry, the
 * concurrency pool it holds a slot of (null: none), and how it is processed.
 *
 * @param requestScope e.g. {@code transcribe_async}, {@code tts_rest}
 * @param pool         e.g. {@code transcribe}, {@code tts}; null for no pool
 * @param method       {@code sync}, {@code async} or {@code streaming}
 */
public record MeteredEndpoint(String requestScope, String pool, String method) {

    /** How an endpoint processes its requests, as usage entries and the request list name it. */
    public static final Set<String> METHODS = Set.of("sync", "async", "streaming");

    public MeteredEndpoint {
        Objects.requireNonNull(requestScope, "requestScope");
        Objects.requireNonNull(method, "method");
    }
}
