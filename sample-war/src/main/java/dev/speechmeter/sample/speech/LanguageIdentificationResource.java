package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.Metered;
import dev.speechmeter.UsageContext;
import dev.speechmeter.sample.audio.InvalidWavException;
import dev.speechmeter.sample.audio.WavInfo;
import dev.speechmeter.sample.audio.WavReader;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /v1/language-identification}: which language a WAV file speaks. Metered by its
 * annotation alone, with no line in {@code web.xml}: the key, the limits, the 401/429 answers and
 * the usage entry all come from {@link Metered}.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" --data-binary @hello.wav http://localhost:8080/v1/language-identification
 * </pre>
 */
@Path("/v1/language-identification")
@RequestScoped
public class LanguageIdentificationResource {

    static final String MODEL = "lid-sample";

    @Inject
    UsageContext usage;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Metered(scope = "language_identification", pool = "transcribe",
             technology = "language_identification", vendor = "sample", operation = "identify")
    public JsonObject identify(InputStream body) throws IOException {
        WavInfo wav;
        try {
            wav = WavReader.read(body);
        } catch (InvalidWavException e) {
            throw new InvalidRequestException("body", "invalid_wav", e.getMessage());
        }
        usage.model(MODEL).inputAudioDuration(wav.duration());
        return Json.createObjectBuilder()
                .add("language", "en")
                .add("confidence", 0.97)
                .add("audio_duration_ms", wav.duration().toMillis())
                .add("model", MODEL)
                .build();
    }
}
