package dev.speechmeter.sample.speech;

import dev.speechmeter.sample.audio.Tones;
import dev.speechmeter.sample.audio.WavWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * {@code GET /samples/hello.wav}: a two-second WAV file to try the transcription endpoint with,
 * so the quick start needs nothing but curl. Not metered: no line of the filter's
 * {@code speechmeter.endpoints} names it.
 */
@Path("/samples")
@ApplicationScoped
public class SampleAudioResource {

    static final int SAMPLE_RATE = 16_000;
    static final Duration HELLO_LENGTH = Duration.ofSeconds(2);

    private final byte[] hello = WavWriter.pcm16Mono(SAMPLE_RATE, Tones.sine(SAMPLE_RATE, HELLO_LENGTH, 440, 0.1));

    @GET
    @Path("hello.wav")
    @Produces(SpeechResource.AUDIO_WAV)
    public Response hello() {
        return Response.ok(hello, SpeechResource.AUDIO_WAV)
                .header("Content-Disposition", "inline; filename=\"hello.wav\"")
                .build();
    }
}
