package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * {@code POST /tts}: speaks {@code {"text": "...", "model": "...", "client_reference_id": "..."}}
 * and answers {@code audio/wav}.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
 *      -d '{"text": "Hello from Speechmeter"}' -o hello-tts.wav http://localhost:8080/tts
 * </pre>
 */
@Path("/tts")
@RequestScoped
public class SpeechResource {

    public static final String AUDIO_WAV = "audio/wav";

    static final int MAX_TEXT_LENGTH = 5_000;

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern WORD_SEPARATOR = Pattern.compile("\\s+");

    @Inject
    UsageContext usage;

    @Inject
    SampleSynthesizer synthesizer;

    @Inject
    SpeechRequestReader requests;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(AUDIO_WAV)
    public Response speak(InputStream body) throws IOException {
        SpeechRequest request = requests.read(body);
        if (request.text == null || request.text.isBlank()) {
            throw new InvalidRequestException("body.text", "missing", "text is required and must not be blank.");
        }
        if (request.text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidRequestException("body.text", "string_too_long",
                    "text must have at most " + MAX_TEXT_LENGTH + " characters.");
        }
        String model = request.model == null ? SampleSynthesizer.DEFAULT_MODEL : request.model;
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new InvalidRequestException("body.model", "invalid",
                    "model must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        usage.clientReferenceId(request.clientReferenceId);

        SampleSynthesizer.Speech speech = synthesizer.speak(request.text);
        usage.model(model)
                .inputTextTokens(WORD_SEPARATOR.split(request.text.strip()).length)
                .outputAudioDuration(speech.length());
        return Response.ok(speech.wav(), AUDIO_WAV).build();
    }
}
