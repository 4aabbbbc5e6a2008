package dev.speechmeter;

import dev.speechmeter.spi.Usage;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * How a metered endpoint tells what it did. One instance lives for one request; Speechmeter reads
 * it when the response is complete and writes the usage entry from it.
 *
 * <p>In a CDI bean or JAX-RS resource, inject it; in a plain servlet, ask the request:
 *
 * <pre>{@code
 * @Inject UsageContext usage;
 *
 * @POST
 * public Transcript transcribe(byte[] wav) {
 *     Duration audio = Wav.duration(wav);
 *     usage.model("stt-async-sample").inputAudioDuration(audio).outputTextTokens(transcript.tokens());
 *     usage.channels(wav.channels()).language("en").tags(List.of("batch-7"));
 *     ...
 * }
 *
 * // plain servlet
 * UsageContext.of(request).model("tts-sample").inputTextTokens(42);
 * }</pre>
 *
 * <p>There is no free path: outside a request that Speechmeter admitted (a spelling of the path
 * that no filter mapping names, a missing filter), every use of the context throws an
 * {@link UnmeteredRequestException}, which refuses the request with {@code 500 internal_error}
 * in the configured error shape and logs the path once. Ask for the context before the response
 * is written, so that such a refusal comes before any output.
 */
public interface UsageContext {

    /** Name of the request attribute the servlet filter stores the context under. */
    String REQUEST_ATTRIBUTE = UsageContext.class.getName();

    /** Longest {@code client_reference_id} accepted. */
    int MAX_CLIENT_REFERENCE_ID_LENGTH = 256;

    /** The server-made id of this request (the usage entry's {@code uuid}). */
    UUID requestId();

    UsageContext model(String model);

    UsageContext inputAudioDuration(Duration duration);

    UsageContext outputAudioDuration(Duration duration);

    UsageContext inputTextTokens(long tokens);

    UsageContext inputAudioTokens(long tokens);

    UsageContext outputTextTokens(long tokens);

    UsageContext outputAudioTokens(long tokens);

    /**
     * The caller's own reference for this request, at most {@value #MAX_CLIENT_REFERENCE_ID_LENGTH}
     * characters. A temporary key bound to a reference keeps its own, whatever is passed here.
     *
     * @throws InvalidRequestException when longer than the maximum (the filter answers 400)
     */
    UsageContext clientReferenceId(String clientReferenceId);

    /**
     * How many channels the audio received has, 1 to {@value Usage#MAX_CHANNELS}; 1 unless
     * reported. The request's {@code total_hours} counts each channel.
     *
     * @throws InvalidRequestException when out of range, located at {@code body.channels}
     */
    UsageContext channels(int channels);

    /**
     * The language the request was served in, as a language tag such as {@code en} or
     * {@code en-US} (see {@link Usage#languageProblem}); null for none.
     *
     * @throws InvalidRequestException when not such a tag, located at {@code query.language}
     */
    UsageContext language(String language);

    /**
     * The caller's labels for this request, replacing any given before: at most
     * {@value Usage#MAX_TAGS} distinct tags of 1 to {@value Usage#MAX_TAG_LENGTH} characters,
     * without control characters. A repeated tag counts once.
     *
     * @throws InvalidRequestException when they break those bounds, located at {@code query.tag}
     */
    UsageContext tags(List<String> tags);

    /** What has been reported so far. */
    Usage snapshot();

    /**
     * The project whose key the request came with: what an endpoint scopes the caller's own data
     * by (its files, its jobs), so that one project never reaches another's.
     */
    UUID project();

    /**
     * Turns this request into a {@link MeteredJob} that outlives it: the slot the request holds
     * stays held until the job ends, and the request's usage entry is written then, not when the
     * response completes. Calling it again returns the same job. The job is recorded before this
     * returns; when that is not possible the request fails rather than run a job nobody could
     * account for.
     *
     * @throws IllegalStateException on a stream, or on an endpoint mapped without usage
     */
    MeteredJob detach();

    /**
     * The context of a request Speechmeter admitted; for any other request, a context that refuses
     * it on first use.
     */
    static UsageContext of(ServletRequest request) {
        Object context = request.getAttribute(REQUEST_ATTRIBUTE);
        if (context instanceof UsageContext usage) {
            return usage;
        }
        return unmetered(request instanceof HttpServletRequest http ? pathOf(http) : null);
    }

    /**
     * The context of a request that reached a metered endpoint at {@code path} (null: outside an
     * HTTP request) with no admission: every use refuses the request.
     */
    static UsageContext unmetered(String path) {
        return UnmeteredUsage.at(path);
    }

    private static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }
}
