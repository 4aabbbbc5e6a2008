package dev.speechmeter;

import dev.speechmeter.spi.Usage;
import jakarta.servlet.ServletRequest;
import java.time.Duration;
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
 *     ...
 * }
 *
 * // plain servlet
 * UsageContext.of(request).model("tts-sample").inputTextTokens(42);
 * }</pre>
 *
 * <p>Outside a metered request the context is detached: it accepts reports and records nothing.
 */
public interface UsageContext {

    /** Name of the request attribute the servlet filter stores the context under. */
    String REQUEST_ATTRIBUTE = UsageContext.class.getName();

    /** Longest {@code client_reference_id} accepted (SPEC section 6). */
    int MAX_CLIENT_REFERENCE_ID_LENGTH = 256;

    /** The server-made id of this request (the usage entry's {@code uuid}); null when detached. */
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

    /** What has been reported so far. */
    Usage snapshot();

    /** The context of a request the filter admitted, or a detached one. */
    static UsageContext of(ServletRequest request) {
        Object context = request.getAttribute(REQUEST_ATTRIBUTE);
        return context instanceof UsageContext usage ? usage : new UsageRecorder(null);
    }
}
