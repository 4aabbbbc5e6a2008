package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.LabelSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the deployer declared for an endpoint: the request scope its usage entries carry, the
 * concurrency pool it holds a slot of (null: none), how it is processed, and the capacity labels
 * its processed audio is debited from (null: none). Every door declares its endpoints through
 * {@link #declared}, so a filter mapping and a {@code @Metered} annotation follow the same rules.
 *
 * <pre>{@code
 * MeteredEndpoint endpoint = MeteredEndpoint.declared("transcribe_async", "transcribe", "sync",
 *         "speech_to_text", "acme", "transcribe", config.pools());
 * }</pre>
 *
 * @param requestScope e.g. {@code transcribe_async}, {@code tts_rest}
 * @param pool         e.g. {@code transcribe}, {@code tts}; null for no pool
 * @param method       how it is processed
 * @param labels       e.g. {@code speech_to_text / sample / transcribe}, all three; null when no capacity applies
 * @param recorded     whether a request writes a usage entry; false for an endpoint mapped with
 *                     {@code usage=none} (reading a job's status, say), whose requests are
 *                     authenticated and rate-limited but neither hold a slot nor leave an entry
 * @param queue        what a request does when the pool is full: refused, or queued as a job
 */
public record MeteredEndpoint(String requestScope, String pool, ProcessingMethod method, LabelSet labels,
                              boolean recorded, EndpointQueue queue) {

    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public MeteredEndpoint {
        Objects.requireNonNull(requestScope, "requestScope");
        Objects.requireNonNull(method, "method");
        if (!SCOPE.matcher(requestScope).matches()) {
            throw new IllegalArgumentException(scopeProblem(requestScope));
        }
        if (labels != null && !labels.isComplete()) {
            throw new IllegalArgumentException("an endpoint's capacity labels name technology, vendor and operation, not "
                    + labels);
        }
        if (!recorded && (pool != null || labels != null)) {
            throw new IllegalArgumentException("an endpoint without usage holds no pool and no capacity labels");
        }
        Objects.requireNonNull(queue, "queue");
        if (queue.waits() && pool == null) {
            throw new IllegalArgumentException("a queue waits for a slot of the endpoint's pool: name its pool");
        }
    }

    /** An endpoint whose requests are recorded. */
    public MeteredEndpoint(String requestScope, String pool, ProcessingMethod method, LabelSet labels) {
        this(requestScope, pool, method, labels, true, EndpointQueue.NONE);
    }

    /** An endpoint without a queue. */
    public MeteredEndpoint(String requestScope, String pool, ProcessingMethod method, LabelSet labels,
                           boolean recorded) {
        this(requestScope, pool, method, labels, recorded, EndpointQueue.NONE);
    }

    /** An endpoint no capacity applies to. */
    public MeteredEndpoint(String requestScope, String pool, String method) {
        this(requestScope, pool, ProcessingMethod.of(method), null);
    }

    public MeteredEndpoint(String requestScope, String pool, String method, LabelSet labels) {
        this(requestScope, pool, ProcessingMethod.of(method), labels);
    }

    /**
     * An endpoint as a deployer declares it, every part checked: the scope, the pool (one of
     * {@code pools}, or null or empty for none), the method, and the capacity labels, which go
     * together (all three, or none: null or empty).
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public static MeteredEndpoint declared(String scope, String pool, String method, String technology,
                                           String vendor, String operation, Collection<String> pools) {
        return declared(scope, pool, method, technology, vendor, operation, true, pools);
    }

    /** As the declaration with {@code recorded}, without a queue. */
    public static MeteredEndpoint declared(String scope, String pool, String method, String technology,
                                           String vendor, String operation, boolean recorded,
                                           Collection<String> pools) {
        return declared(scope, pool, method, technology, vendor, operation, recorded, null, pools);
    }

    /**
     * As {@link #declared(String, String, String, String, String, String, Collection)}, for an
     * endpoint that may record no usage ({@code recorded} false), which then has no pool and no labels.
     */
    public static MeteredEndpoint declared(String scope, String pool, String method, String technology,
                                           String vendor, String operation, boolean recorded, String queue,
                                           Collection<String> pools) {
        List<String> problems = new ArrayList<>();
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            problems.add(scopeProblem(scope == null ? "" : scope));
        }
        String poolName = pool == null || pool.isEmpty() ? null : pool;
        if (poolName != null && !pools.contains(poolName)) {
            problems.add("unknown pool '" + poolName + "'; the pools are " + pools + " (speechmeter.pools)");
        }
        ProcessingMethod processing = null;
        try {
            processing = ProcessingMethod.of(method);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        LabelSet labels = null;
        try {
            labels = labels(technology, vendor, operation);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        EndpointQueue queueing = EndpointQueue.NONE;
        try {
            queueing = EndpointQueue.of(queue);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (queueing.waits() && (poolName == null || !recorded)) {
            problems.add("a queue waits for a slot of the endpoint's pool: it needs a pool, and usage");
        }
        if (!recorded && (poolName != null || labels != null)) {
            problems.add("usage=none goes without a pool and without capacity labels: such requests hold no slot "
                    + "and debit nothing");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new MeteredEndpoint(scope, poolName, processing, labels, recorded, queueing);
    }

    private static LabelSet labels(String technology, String vendor, String operation) {
        boolean none = isBlank(technology) && isBlank(vendor) && isBlank(operation);
        if (none) {
            return null;
        }
        if (isBlank(technology) || isBlank(vendor) || isBlank(operation)) {
            throw new IllegalArgumentException("capacity labels go together: set technology, vendor and operation, "
                    + "all three or none");
        }
        return new LabelSet(technology, vendor, operation);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isEmpty();
    }

    private static String scopeProblem(String scope) {
        return "scope '" + scope + "' must be set, of lower-case letters, digits and '_', starting with a letter "
                + "(e.g. transcribe_async)";
    }

    /** In a few words for the start-up log: {@code transcribe_async pool=transcribe method=sync}, and the labels. */
    public String describe() {
        return requestScope + (pool == null ? "" : " pool=" + pool) + " method=" + method.wireName()
                + (labels == null ? "" : " " + labels) + (recorded ? "" : " usage=none") + queue.describe();
    }
}
