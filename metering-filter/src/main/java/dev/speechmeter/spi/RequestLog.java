package dev.speechmeter.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The read side of the ledger for the Deepgram-style endpoints: every recorded
 * request of a project, failed ones included, and its billed usage summed per UTC day.
 *
 * <pre>{@code
 * RequestLog.Filter filter = RequestLog.Filter.of(projectId, start, end).withMethods("async");
 * List<UsageRecord> newest = log.requests(filter, 10, 0);
 * List<RequestLog.Totals> perDay = log.usage(filter, Set.of());
 * }</pre>
 */
public interface RequestLog {

    /** The project with this id, or empty when there is none. */
    Optional<Project> project(UUID projectId);

    /**
     * One page of the requests that match, failed ones included, newest first (by start time,
     * then id). The filter's window is on the start time, when the request was made.
     *
     * @param limit most requests in the page
     * @param page  0-based page number; the page starts after {@code page * limit} requests
     */
    List<UsageRecord> requests(Filter filter, int limit, int page);

    /** One request of the project, failed or not; empty when the project has no such request. */
    Optional<UsageRecord> request(UUID projectId, UUID requestId);

    /**
     * The billed requests that match (by end time, like the usage log), summed per UTC day of
     * their end time and per value of each grouping, ordered by day; days without usage are absent.
     * The filter's {@link Filter#status() status} is ignored: only billed requests count.
     */
    List<Totals> usage(Filter filter, Set<Grouping> groupings);

    /** The models, processing methods, languages and tags of the project's billed requests ending in the window. */
    Fields fields(UUID projectId, Instant start, Instant end);

    /** @param name as the deployer named it when the project was created */
    record Project(UUID projectId, UUID organizationId, String name) {
    }

    enum Status {
        /** HTTP status below 300. */
        SUCCEEDED,
        /** HTTP status 400 or above. */
        FAILED
    }

    /** What the usage can be grouped by, besides the day. */
    enum Grouping {
        /** The API key that made the request. */
        ACCESSOR,
        /** The request scope ({@code transcribe_async}, {@code tts_rest}, ...). */
        ENDPOINT,
        MODEL,
        /** {@code sync}, {@code async} or {@code streaming}. */
        METHOD,
        /** The request's set of tags, as one value. */
        TAGS
    }

    /**
     * Which requests: one project's, in a half-open time window ({@code start} inclusive,
     * {@code end} exclusive), and optionally only those with the given status, request scope or
     * id (null: any), and with any of the given methods, keys, models or tags (empty: any).
     * Repeated values count once; a list holds at most {@link #MAX_VALUES} of them.
     *
     * <pre>{@code
     * Filter filter = Filter.of(projectId, start, end).withMethods("sync", "async").withModels("stt-1");
     * }</pre>
     */
    record Filter(UUID projectId, Instant start, Instant end, Status status, List<String> methods, String endpoint,
                  List<UUID> accessors, UUID requestId, List<String> models, List<String> tags) {

        /** The most values a filter's method, key, model or tag list holds. */
        public static final int MAX_VALUES = 100;

        public Filter {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            methods = anyOf("methods", methods);
            accessors = anyOf("accessors", accessors);
            models = anyOf("models", models);
            tags = anyOf("tags", tags);
        }

        public static Filter of(UUID projectId, Instant start, Instant end) {
            return new Filter(projectId, start, end, null, List.of(), null, List.of(), null, List.of(), List.of());
        }

        public Filter withStatus(Status value) {
            return new Filter(projectId, start, end, value, methods, endpoint, accessors, requestId, models, tags);
        }

        public Filter withMethods(String... values) {
            return new Filter(projectId, start, end, status, List.of(values), endpoint, accessors, requestId, models,
                    tags);
        }

        public Filter withEndpoint(String value) {
            return new Filter(projectId, start, end, status, methods, value, accessors, requestId, models, tags);
        }

        public Filter withAccessors(UUID... values) {
            return new Filter(projectId, start, end, status, methods, endpoint, List.of(values), requestId, models,
                    tags);
        }

        public Filter withRequestId(UUID value) {
            return new Filter(projectId, start, end, status, methods, endpoint, accessors, value, models, tags);
        }

        public Filter withModels(String... values) {
            return new Filter(projectId, start, end, status, methods, endpoint, accessors, requestId, List.of(values),
                    tags);
        }

        /** Only requests carrying at least one of these tags. */
        public Filter withTags(String... values) {
            return new Filter(projectId, start, end, status, methods, endpoint, accessors, requestId, models,
                    List.of(values));
        }

        private static <T> List<T> anyOf(String name, List<T> values) {
            if (values == null) {
                return List.of();
            }
            List<T> distinct = List.copyOf(new LinkedHashSet<>(values));
            if (distinct.size() > MAX_VALUES) {
                throw new IllegalArgumentException(name + " holds " + distinct.size() + " values; at most "
                        + MAX_VALUES + " are allowed.");
            }
            return distinct;
        }
    }

    /**
     * The sums of one day (and one value of each requested grouping; the others are null).
     *
     * @param accessor          the key, when grouped by {@link Grouping#ACCESSOR}
     * @param endpoint          the request scope, when grouped by {@link Grouping#ENDPOINT}
     * @param model             the model, when grouped by {@link Grouping#MODEL} (null also for requests without one)
     * @param method            the method, when grouped by {@link Grouping#METHOD}
     * @param tags              the requests' tags, when grouped by {@link Grouping#TAGS} (empty for requests without)
     * @param requests          how many billed requests
     * @param inputAudioMs      audio submitted, in milliseconds
     * @param allChannelsMs     audio submitted times its channels, in milliseconds
     * @param inputTokens       text and audio tokens read
     * @param outputTokens      text and audio tokens written
     */
    record Totals(LocalDate day, UUID accessor, String endpoint, String model, String method, List<String> tags,
                  long requests, long inputAudioMs, long allChannelsMs, long inputTokens, long outputTokens) {

        public Totals {
            tags = tags == null ? null : List.copyOf(tags);
        }
    }

    /**
     * What the billed requests of a window used.
     *
     * @param models    distinct models, sorted by name
     * @param methods   distinct methods, sorted
     * @param languages distinct languages, sorted
     * @param tags      distinct tags, sorted
     */
    record Fields(List<Model> models, List<String> methods, List<String> languages, List<String> tags) {

        public Fields {
            models = List.copyOf(models);
            methods = List.copyOf(methods);
            languages = List.copyOf(languages);
            tags = List.copyOf(tags);
        }
    }

    /**
     * A model the billed requests used.
     *
     * @param name     as the endpoint reported it
     * @param language the one language the model served in the window, or null when it served none or several
     */
    record Model(String name, String language) {
    }
}
