package dev.speechmeter.sample.jobs;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.MeteredJob;
import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * Soniox's asynchronous transcriptions, behind {@code /v1/transcriptions}: a JSON submit naming an
 * uploaded file becomes a {@link MeteredJob}, answered {@code 201} at once with status
 * {@code queued}; the client polls {@code GET /v1/transcriptions/{id}} and then fetches
 * {@code /transcript}. A project reaches only its own transcriptions: another's id is not found.
 */
@RequestScoped
public class TranscriptionApi {

    @Inject
    UsageContext usage;

    @Inject
    AudioFiles files;

    @Inject
    Transcriptions transcriptions;

    /** {@code POST /v1/transcriptions} with JSON. */
    public Response submit(InputStream body) throws IOException {
        TranscriptionRequest request = TranscriptionRequest.read(body);
        UUID project = usage.project();
        AudioFile file = Ids.parse(request.fileId()).flatMap(id -> files.find(project, id))
                .orElseThrow(() -> new InvalidRequestException("body.file_id", "not_found",
                        "No file with this file_id: upload it with POST /v1/files first."));
        if (request.clientReferenceId() != null) {
            usage.clientReferenceId(request.clientReferenceId());
        }
        MeteredJob job = usage.detach();
        Transcription transcription = transcriptions.submit(job, request.model(), file, request.clientReferenceId());
        return Response.status(Response.Status.CREATED).entity(transcription.toJson().toString())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** {@code GET /v1/transcriptions}: newest first. */
    public Response list(Integer limit, String cursor) {
        Pages.Page<Transcription> page = transcriptions.page(usage.project(), limit, cursor);
        return json(Jsons.page("transcriptions", page.items(), Transcription::toJson, page.nextCursor()).toString());
    }

    /** {@code GET /v1/transcriptions/{id}}. */
    public Response get(String id) {
        return find(id).map(transcription -> json(transcription.toJson().toString())).orElseGet(TranscriptionApi::notFound);
    }

    /** {@code GET /v1/transcriptions/{id}/transcript}: {@code 409} until it is completed. */
    public Response transcript(String id) {
        Optional<Transcription> found = find(id);
        if (found.isEmpty()) {
            return notFound();
        }
        Transcription transcription = found.get();
        if (transcription.status() != Transcription.Status.COMPLETED) {
            return Response.status(Response.Status.CONFLICT).build();
        }
        var transcript = transcription.transcript().toJson();
        return json(jakarta.json.Json.createObjectBuilder().add("id", transcription.id().toString())
                .add("text", transcript.getString("text")).add("tokens", transcript.getJsonArray("tokens")).build()
                .toString());
    }

    /** {@code DELETE /v1/transcriptions/{id}}: one still running is cancelled, and not billed. */
    public Response delete(String id) {
        UUID project = usage.project();
        boolean deleted = Ids.parse(id).map(transcription -> transcriptions.delete(project, transcription))
                .orElse(false);
        return deleted ? Response.noContent().build() : notFound();
    }

    private Optional<Transcription> find(String id) {
        UUID project = usage.project();
        return Ids.parse(id).flatMap(transcription -> transcriptions.find(project, transcription));
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).build();
    }
}
