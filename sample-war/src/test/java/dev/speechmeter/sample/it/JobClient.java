package dev.speechmeter.sample.it;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** The sample's Soniox-style files and transcriptions API, called over real HTTP as Soniox's clients call it. */
final class JobClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final URI base;

    JobClient(URL base) {
        this.base = URI.create(base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/");
    }

    /** {@code POST /v1/files}: a multipart body with a {@code file} part and, when not null, a {@code client_reference_id} part. */
    HttpResponse<String> upload(String authorization, String filename, byte[] content, String clientReferenceId) {
        String boundary = "----speechmeter-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n");
        if (clientReferenceId != null) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"client_reference_id\"\r\n\r\n"
                    + clientReferenceId + "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return raw(authorization, "POST", "v1/files", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** The id of a file uploaded as {@code content}, failing the test when the upload is refused. */
    String uploaded(String authorization, byte[] content) {
        HttpResponse<String> response = upload(authorization, "audio.wav", content, null);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload: " + response.statusCode() + " " + response.body());
        }
        return SampleClient.json(response.body()).getString("id");
    }

    /** {@code POST /v1/transcriptions} with a JSON body. */
    HttpResponse<String> create(String authorization, String json) {
        return raw(authorization, "POST", "v1/transcriptions", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /v1/transcriptions} with a JSON body and an {@code Idempotency-Key}. */
    HttpResponse<String> create(String authorization, String json, String idempotencyKey) {
        return send(HttpRequest.newBuilder(base.resolve("v1/transcriptions")).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    URI base() {
        return base;
    }

    /** A request as Soniox's clients send every one: {@code Content-Type: application/json}, even without a body. */
    HttpResponse<String> call(String authorization, String method, String path) {
        return raw(authorization, method, path.startsWith("/") ? path.substring(1) : path, "application/json", null);
    }

    /** The transcription's state, polled within a bound until it is no longer queued or processing. */
    JsonObject ended(String authorization, String id) {
        HttpResponse<String> last = SampleClient.pollUntil(() -> call(authorization, "GET", "v1/transcriptions/" + id),
                response -> response.statusCode() != 200 || !SampleClient.json(response.body()).getString("status")
                        .matches("queued|processing"));
        if (last.statusCode() != 200) {
            throw new IllegalStateException("GET transcription: " + last.statusCode() + " " + last.body());
        }
        return SampleClient.json(last.body());
    }

    HttpResponse<String> raw(String authorization, String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
