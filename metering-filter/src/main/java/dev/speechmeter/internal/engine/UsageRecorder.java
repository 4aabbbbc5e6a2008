package dev.speechmeter.internal.engine;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.spi.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@link UsageContext} of one request. Endpoints may report from another thread than the one
 * that settles the request (async servlets, streams), so every access is synchronized.
 */
public final class UsageRecorder implements UsageContext {

    private final UUID requestId;
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

    /** @param requestId the admitted request's id */
    public UsageRecorder(UUID requestId) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
    }

    @Override
    public UUID requestId() {
        return requestId;
    }

    @Override
    public synchronized UsageContext model(String model) {
        this.model = model;
        return this;
    }

    @Override
    public synchronized UsageContext inputAudioDuration(Duration duration) {
        this.inputAudioDurationMs = millis(duration, "inputAudioDuration");
        return this;
    }

    @Override
    public synchronized UsageContext outputAudioDuration(Duration duration) {
        this.outputAudioDurationMs = millis(duration, "outputAudioDuration");
        return this;
    }

    @Override
    public synchronized UsageContext inputTextTokens(long tokens) {
        this.inputTextTokens = count(tokens, "inputTextTokens");
        return this;
    }

    @Override
    public synchronized UsageContext inputAudioTokens(long tokens) {
        this.inputAudioTokens = count(tokens, "inputAudioTokens");
        return this;
    }

    @Override
    public synchronized UsageContext outputTextTokens(long tokens) {
        this.outputTextTokens = count(tokens, "outputTextTokens");
        return this;
    }

    @Override
    public synchronized UsageContext outputAudioTokens(long tokens) {
        this.outputAudioTokens = count(tokens, "outputAudioTokens");
        return this;
    }

    @Override
    public synchronized UsageContext clientReferenceId(String clientReferenceId) {
        if (clientReferenceId != null && clientReferenceId.length() > MAX_CLIENT_REFERENCE_ID_LENGTH) {
            throw new InvalidRequestException("body.client_reference_id", "string_too_long",
                    "client_reference_id must have at most " + MAX_CLIENT_REFERENCE_ID_LENGTH + " characters");
        }
        this.clientReferenceId = clientReferenceId;
        return this;
    }

    @Override
    public synchronized UsageContext channels(int channels) {
        this.channels = valid(channels, Usage.channelsProblem(channels), "body.channels",
                channels < 1 ? "greater_than_equal" : "less_than_equal");
        return this;
    }

    @Override
    public synchronized UsageContext language(String language) {
        this.language = valid(language, Usage.languageProblem(language), "query.language", "string_pattern_mismatch");
        return this;
    }

    @Override
    public synchronized UsageContext tags(List<String> tags) {
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
