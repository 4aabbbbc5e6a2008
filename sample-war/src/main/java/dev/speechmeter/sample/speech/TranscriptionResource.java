package dev.speechmeter.sample.speech;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.sample.audio.InvalidWavException;
import dev.speechmeter.sample.audio.WavInfo;
import dev.speechmeter.sample.audio.WavReader;
import dev.speechmeter.sample.jobs.TranscriptionApi;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/transcriptions} with a JSON body creates a transcription job, as Soniox's
 * asynchronous API does ({@link TranscriptionApi}); its {@code GET} and {@code DELETE} reach the
 * project's jobs. With any other body it is the quick synchronous path: the body is a WAV file; the answer is its
 * transcript, once the recognizer has "worked" for {@link ProcessingTime} of it. The request
 * thread is given back while it works, so a slow transcription holds a concurrency slot but no
 * server thread. Deepgram's {@code language} (default {@code en}) and {@code tag} (repeatable)
 * query parameters are recorded with the request, as are the WAV file's channels.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" --data-binary @hello.wav http://localhost:8080/v1/transcriptions
 * curl -H "Authorization: Token $KEY" --data-binary @hello.wav "http://localhost:8080/v1/transcriptions?language=en-US&amp;tag=batch-7"
 * </pre>
 */
@Path("/v1/transcriptions")
@RequestScoped
public class TranscriptionResource {

    /** How long a response may wait beyond its processing time before the server gives up on it. */
    private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(30);
    /** The language of a request that names none, as Deepgram's {@code language} parameter defaults. */
    private static final String DEFAULT_LANGUAGE = "en";

    @Inject
    UsageContext usage;

    @Inject
    SampleRecognizer recognizer;

    @Inject
    ProcessingTime processingTime;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    TranscriptionApi jobs;

    /**
     * A transcription job, as Soniox's asynchronous API creates one: a JSON body naming an
     * uploaded file ({@code file_id}), answered {@code 201} with status {@code queued}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(InputStream body) throws IOException {
        return jobs.submit(body);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return jobs.list(limit, cursor);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    @GET
    @Path("{id}/transcript")
    @Produces(MediaType.APPLICATION_JSON)
    public Response transcript(@PathParam("id") String id) {
        return jobs.transcript(id);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return jobs.delete(id);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public void transcribe(InputStream body, @QueryParam("client_reference_id") String clientReferenceId,
                           @QueryParam("language") String language, @QueryParam("tag") List<String> tags,
                           @Suspended AsyncResponse response) throws IOException {
        WavInfo wav;
        try {
            wav = WavReader.read(body);
        } catch (InvalidWavException e) {
            throw new InvalidRequestException("body", "invalid_wav", e.getMessage());
        }
        if (clientReferenceId != null) {
            usage.clientReferenceId(clientReferenceId);
        }
        usage.channels(wav.channels()).language(language == null ? DEFAULT_LANGUAGE : language).tags(tags);
        Transcript transcript = recognizer.transcribe(usage.requestId(), wav.duration());
        // Reported here, on the request thread where the request-scoped context lives, rather than
        // from the scheduler's thread; it is billed only if the response below completes with 200.
        usage.model(transcript.model())
                .inputAudioDuration(wav.duration())
                .outputTextTokens(transcript.tokens().size());

        Duration work = processingTime.of(wav.duration());
        response.setTimeout(work.plus(TIMEOUT_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        // JSON text, so that the answer does not depend on which JSON provider the server prefers.
        Response answer = Response.ok(transcript.toJson().toString(), MediaType.APPLICATION_JSON_TYPE).build();
        scheduler.schedule(() -> response.resume(answer), work.toNanos(), TimeUnit.NANOSECONDS);
    }
}
