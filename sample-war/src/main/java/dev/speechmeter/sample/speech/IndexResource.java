package dev.speechmeter.sample.speech;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /}: what this service offers, so that a first curl at the root tells where to go. Not metered. */
@Path("/")
@ApplicationScoped
public class IndexResource {

    private static final JsonObject INDEX = Json.createObjectBuilder()
            .add("service", "Speechmeter sample speech service")
            .add("endpoints", Json.createArrayBuilder()
                    .add("POST /v1/transcriptions  (body: a WAV file; metered, pool transcribe)")
                    .add("WebSocket /transcribe-websocket  (real-time transcription, Soniox protocol: configuration message with api_key first, then PCM frames; metered, pool transcribe)")
                    .add("POST /tts  (body: {\"text\": \"...\"}; answers audio/wav; metered, pool tts)")
                    .add("GET /v1/concurrency-limits  (slots in use and caps of your project and organization)")
                    .add("GET /samples/hello.wav[?seconds=N]  (a WAV file to try the transcription with; not metered)")
                    .add("GET /console/  (the usage console, a web page: usage by model, concurrency, capacity left, latest requests; opened with a key that may read usage)"))
            .add("authorization", "Authorization: Bearer <key>  or  Authorization: Token <key>")
            .build();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject index() {
        return INDEX;
    }
}
