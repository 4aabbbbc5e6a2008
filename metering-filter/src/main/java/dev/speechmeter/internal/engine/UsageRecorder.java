package dev.speechmeter.internal.engine;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.MeteredJob;
import dev.speechmeter.UnmeteredRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.spi.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@link UsageContext} of one request. Endpoints may report from another thread than the one
 * that settles the request (async servlets, streams), so every access is synchronized.
 */
public final class UsageRecorder implements UsageContext {

    private final UUID requestId;
    private final UUID project;
    private final Supplier<MeteredJob> detacher;
    private final String unrecordedPath;
    private final Supplier<RuntimeException> waitingRefusal;
    private MeteredJob job;
    private String model;
    private long inputTextTokens;
    private long inputAudioTokens;
    private long inputAudioDurationMs;
    private long outputTextTokens;
    private long outputAudioTokens;
    private long outputAudioDurationMs;
    private String clientReferenceId;
    private int channels = 1;
    private String language;
    private List<String> tags = List.of();

    /** A recorder that cannot become a job, of a request whose project is not known. */
    public UsageRecorder(UUID requestId) {
        this(requestId, null, null);
    }

    /**
     * @param requestId the admitted request's id
     * @param project   the project of its key, or null when not known
     * @param detacher  turns the request into a job, the first time it is asked; null when it cannot become one
     */
    public UsageRecorder(UUID requestId, UUID project, Supplier<MeteredJob> detacher) {
        this(requestId, project, detacher, null);
    }

    /**
     * @param unrecordedPath for a request to an endpoint that records no usage ({@code usage=none}),
     *                       its path: every report then refuses the request, since an endpoint
     *                       that reports usage reached that way would be served without an entry;
     *                       null for a request that is recorded
     */
    public UsageRecorder(UUID requestId, UUID project, Supplier<MeteredJob> detacher, String unrecordedPath) {
        this(requestId, project, detacher, unrecordedPath, null);
    }

    /**
     * @param waitingRefusal for a request admitted to wait for a slot ({@code queue=jobs}): the
     *                       refusal it would have got, while it still waits, or null once it holds
     *                       a slot. Until it becomes a job, a report (other than its
     *                       {@code client_reference_id}, which a job is submitted with) throws it,
     *                       since only a job may wait; null for a request that holds its slot from
     *                       the start
     */
    public UsageRecorder(UUID requestId, UUID project, Supplier<MeteredJob> detacher, String unrecordedPath,
                         Supplier<RuntimeException> waitingRefusal) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.project = project;
        this.detacher = unrecordedPath == null ? detacher : null;
        this.unrecordedPath = unrecordedPath;
        this.waitingRefusal = waitingRefusal;
    }

    /** Fail closed: no report goes where no entry will be written. */
    private void unrecordedRefuses() {
        if (unrecordedPath != null) {
            throw UnmeteredRequestException.at(unrecordedPath);
        }
    }

    /**
     * Fail closed: no report goes where no entry will be written, and a request waiting for a slot
     * reports nothing (it would be served without one) unless it became a job.
     */
    private void recorded() {
        unrecordedRefuses();
        if (waitingRefusal != null && job == null) {
            RuntimeException refusal = waitingRefusal.get();
            if (refusal != null) {
                throw refusal;
            }
        }
    }

    @Override
    public UUID project() {
        if (project == null) {
            throw new IllegalStateException("The project of request " + requestId + " is not known here");
        }
        return project;
    }

    @Override
    public synchronized MeteredJob detach() {
        unrecordedRefuses();
        if (job == null) {
            if (detacher == null) {
                throw new IllegalStateException("Request " + requestId + " cannot become a job");
            }
            job = detacher.get();
        }
        return job;
    }

    /** The job this request became, or null. */
    public synchronized MeteredJob job() {
        return job;
    }

    /** A job taken over from a stopped server reports here: detaching again answers it. */
    synchronized void recovered(MeteredJob job) {
        this.job = job;
    }

    @Override
    public UUID requestId() {
        return requestId;
    }

    @Override
    public synchronized UsageContext model(String model) {
        recorded();
        this.model = model;
        return this;
    }

    @Override
    public synchronized UsageContext inputAudioDuration(Duration duration) {
        recorded();
        this.inputAudioDurationMs = millis(duration, "inputAudioDuration");
        return this;
    }

    @Override
    public synchronized UsageContext outputAudioDuration(Duration duration) {
        recorded();
        this.outputAudioDurationMs = millis(duration, "outputAudioDuration");
        return this;
    }

    @Override
    public synchronized UsageContext inputTextTokens(long tokens) {
        recorded();
        this.inputTextTokens = count(tokens, "inputTextTokens");
        return this;
    }

    @Override
    public synchronized UsageContext inputAudioTokens(long tokens) {
        recorded();
        this.inputAudioTokens = count(tokens, "inputAudioTokens");
        return this;
    }

    @Override
    public synchronized UsageContext outputTextTokens(long tokens) {
        recorded();
        this.outputTextTokens = count(tokens, "outputTextTokens");
        return this;
    }

    @Override
    public synchronized UsageContext outputAudioTokens(long tokens) {
        recorded();
        this.outputAudioTokens = count(tokens, "outputAudioTokens");
        return this;
    }

    @Override
    public synchronized UsageContext clientReferenceId(String clientReferenceId) {
        unrecordedRefuses();
        if (clientReferenceId != null && clientReferenceId.length() > MAX_CLIENT_REFERENCE_ID_LENGTH) {
            throw new InvalidRequestException("body.client_reference_id", "string_too_long",
                    "client_reference_id must have at most " + MAX_CLIENT_REFERENCE_ID_LENGTH + " characters");
        }
        this.clientReferenceId = clientReferenceId;
        return this;
    }

    @Override
    public synchronized UsageContext channels(int channels) {
        recorded();
        this.channels = valid(channels, Usage.channelsProblem(channels), "body.channels",
                channels < 1 ? "greater_than_equal" : "less_than_equal");
        return this;
    }

    @Override
    public synchronized UsageContext language(String language) {
        recorded();
        this.language = valid(language, Usage.languageProblem(language), "query.language", "string_pattern_mismatch");
        return this;
    }

    @Override
    public synchronized UsageContext tags(List<String> tags) {
        recorded();
        List<String> given = tags == null ? List.of() : tags;
        this.tags = List.copyOf(valid(given, Usage.tagsProblem(given), "query.tag", "invalid"));
        return this;
    }

    /** The reference the endpoint reported, or null. */
    public synchronized String clientReferenceId() {
        return clientReferenceId;
    }

    @Override
    public synchronized Usage snapshot() {
        return new Usage(model, inputTextTokens, inputAudioTokens, inputAudioDurationMs,
                outputTextTokens, outputAudioTokens, outputAudioDurationMs, channels, language, tags);
    }

    /** The value, when {@code problem} is null; else the caller's input was bad. */
    private static <T> T valid(T value, String problem, String location, String errorType) {
        if (problem != null) {
            throw new InvalidRequestException(location, errorType, problem);
        }
        return value;
    }

    private static long millis(Duration duration, String name) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + duration);
        }
        return duration.toMillis();
    }

    private static long count(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value);
        }
        return value;
    }
}
