package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.sample.audio.Tones;
import dev.speechmeter.sample.audio.WavWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * {@code GET /samples/hello.wav[?seconds=N]}: a WAV file (a quiet tone, two seconds unless asked
 * otherwise) to try the transcription endpoint with, so the quick start needs nothing but curl.
 * Not metered: no line of the filter's {@code speechmeter.endpoints} names it.
 */
@Path("/samples")
@ApplicationScoped
public class SampleAudioResource {

    static final int SAMPLE_RATE = 16_000;
    static final int MAX_SECONDS = 300;

    private final byte[] hello = tone(2);

    @GET
    @Path("hello.wav")
    @Produces(SpeechResource.AUDIO_WAV)
    public Response hello(@QueryParam("seconds") @DefaultValue("2") String text) {
        // Read here rather than as an int parameter, which JAX-RS answers with a bare 404 when it does not parse.
        String message = "seconds must be a whole number from 1 to " + MAX_SECONDS + ".";
        if (!text.matches("[0-9]{1,9}")) {
            throw new InvalidRequestException("query.seconds", "int_parsing", message);
        }
        int seconds = Integer.parseInt(text);
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new InvalidRequestException("query.seconds", seconds < 1 ? "greater_than_equal" : "less_than_equal",
                    message);
        }
        return Response.ok(seconds == 2 ? hello : tone(seconds), SpeechResource.AUDIO_WAV)
                .header("Content-Disposition", "inline; filename=\"hello.wav\"")
                .build();
    }

    private static byte[] tone(int seconds) {
        return WavWriter.pcm16Mono(SAMPLE_RATE, Tones.sine(SAMPLE_RATE, Duration.ofSeconds(seconds), 440, 0.1));
    }
}
