package dev.speechmeter.sample.jobs;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.sample.audio.InvalidWavException;
import dev.speechmeter.sample.audio.WavInfo;
import dev.speechmeter.sample.audio.WavReader;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Soniox's files API: {@code POST /v1/files} (multipart, a {@code file} part and an optional
 * {@code client_reference_id} part), {@code GET /v1/files}, {@code GET /v1/files/{id}} and
 * {@code DELETE /v1/files/{id}}. The filter authenticates these with the project's key and counts
 * them against its request rate ({@code usage=none}: no slot, no usage entry); the project is
 * {@link UsageContext#project()}.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" -F file=@hello.wav http://localhost:8080/v1/files
 * </pre>
 */
@Path("/v1/files")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {

    private static final int MAX_FILENAME_LENGTH = 256;

    @Inject
    UsageContext usage;

    @Inject
    AudioFiles files;

    @Context
    Providers providers;

    @Context
    HttpHeaders headers;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(InputStream body) throws IOException {
        UUID project = usage.project();
        List<EntityPart> parts = parts(body);
        EntityPart file = null;
        String clientReferenceId = null;
        for (EntityPart part : parts) {
            if ("file".equals(part.getName()) && file == null) {
                file = part;
            } else if ("client_reference_id".equals(part.getName())) {
                clientReferenceId = Ids.clientReferenceId(part.getContent(String.class));
            }
        }
        if (file == null) {
            throw new InvalidRequestException("body.file", "missing", "Field required: a multipart part named file.");
        }
        String filename = file.getFileName().filter(name -> !name.isBlank()).orElse("file");
        if (filename.length() > MAX_FILENAME_LENGTH || filename.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("body.file", "invalid_filename", "The file name must have at most "
                    + MAX_FILENAME_LENGTH + " characters and no control characters.");
        }
        WavInfo wav;
        long size;
        try (CountingStream counted = new CountingStream(file.getContent())) {
            wav = WavReader.read(counted);
            counted.transferTo(OutputStream.nullOutputStream());
            size = counted.count();
        } catch (InvalidWavException e) {
            throw new InvalidRequestException("body.file", "invalid_wav", e.getMessage());
        }
        AudioFile stored = files.add(usage.requestId(), project, filename, size, Instant.now(), clientReferenceId, wav);
        return Response.status(Response.Status.CREATED).entity(stored.toJson().toString()).build();
    }

    @GET
    public Response list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        Pages.Page<AudioFile> page = files.page(usage.project(), limit, cursor);
        return Response.ok(Jsons.page("files", page.items(), AudioFile::toJson, page.nextCursor()).toString()).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        UUID project = usage.project();
        return Ids.parse(id).flatMap(file -> files.find(project, file))
                .map(file -> Response.ok(file.toJson().toString()).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        UUID project = usage.project();
        boolean deleted = Ids.parse(id).map(file -> files.delete(project, file)).orElse(false);
        return Response.status(deleted ? Response.Status.NO_CONTENT : Response.Status.NOT_FOUND).build();
    }

    /**
     * The parts of the multipart body, read here rather than by the runtime before the method
     * runs, so that a malformed body (no boundary, a broken part) is a {@code 400} of this API.
     */
    private List<EntityPart> parts(InputStream body) throws IOException {
        @SuppressWarnings("unchecked")
        Class<List<EntityPart>> type = (Class<List<EntityPart>>) PARTS.getRawType();
        MessageBodyReader<List<EntityPart>> reader = providers.getMessageBodyReader(type, PARTS.getType(),
                new Annotation[0], headers.getMediaType());
        if (reader == null) {
            throw new IllegalStateException("The server reads no multipart/form-data into EntityPart");
        }
        try {
            return reader.readFrom(type, PARTS.getType(), new Annotation[0], headers.getMediaType(),
                    headers.getRequestHeaders(), body);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException("body", "invalid_multipart", "The body is not multipart/form-data "
                    + "with a boundary and a part named file.");
        }
    }

    private static final GenericType<List<EntityPart>> PARTS = new GenericType<>() {
    };

    /** Counts what is read through it. */
    private static final class CountingStream extends java.io.FilterInputStream {

        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int read = super.read();
            if (read >= 0) {
                count++;
            }
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        long count() {
            return count;
        }
    }
}
