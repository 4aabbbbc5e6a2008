package dev.speechmeter.engine;

import dev.speechmeter.spi.LabelSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the deployer declared for an endpoint: the request scope its usage entries carry, the
 * concurrency pool it holds a slot of (null: none), how it is processed, and the capacity labels
 * its processed audio is debited from (null: none).
 *
 * @param requestScope e.g. {@code transcribe_async}, {@code tts_rest}
 * @param pool         e.g. {@code transcribe}, {@code tts}; null for no pool
 * @param method       {@code sync}, {@code async} or {@code streaming}
 * @param labels       e.g. {@code speech_to_text / sample / transcribe}; null when no capacity applies
 */
public record MeteredEndpoint(String requestScope, String pool, String method, LabelSet labels) {

    /** How an endpoint processes its requests, as usage entries and the request list name it. */
    public static final Set<String> METHODS = Set.of("sync", "async", "streaming");

    public MeteredEndpoint {
        Objects.requireNonNull(requestScope, "requestScope");
        Objects.requireNonNull(method, "method");
    }

    /** An endpoint no capacity applies to. */
    public MeteredEndpoint(String requestScope, String pool, String method) {
        this(requestScope, pool, method, null);
    }
}
