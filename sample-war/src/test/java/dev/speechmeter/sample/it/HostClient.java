package dev.speechmeter.sample.it;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Real HTTP against the host application of {@link HostDeployment}. */
final class HostClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final URI base;

    HostClient(URL base) {
        this.base = URI.create(base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/");
    }

    /** {@code POST /notes}: the host's own JPA, unmetered. */
    HttpResponse<String> addNote(String text) {
        return send(HttpRequest.newBuilder(base.resolve("notes")).POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    HttpResponse<String> note(String id) {
        return send(HttpRequest.newBuilder(base.resolve("notes?id=" + id)).GET());
    }

    /** {@code POST /speak}, the metered endpoint; {@code authorization} null for none. */
    HttpResponse<String> speak(String authorization, String text) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("speak"))
                .POST(HttpRequest.BodyPublishers.ofString(text));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** {@code GET <path>} under the host's base, with {@code authorization} when not null. */
    HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** {@code GET <path>?start_time&end_time} of the usage logs, for the hour around now. */
    HttpResponse<String> usageLogsAroundNow(String path, String authorization) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return get(path + "?start_time=" + now.minus(1, ChronoUnit.HOURS) + "&end_time="
                + now.plus(1, ChronoUnit.HOURS), authorization);
    }

    /** A fresh organization, project and key: {@code {"project_id", "api_key"}}. */
    JsonObject newTenant() {
        return ok(send(HttpRequest.newBuilder(base.resolve("host-support/tenants"))
                .POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** The project's billed usage entries in the data source of that JNDI name: {@code {"table", "entries"}}. */
    JsonObject usage(String projectId, String dataSource) {
        return ok(send(HttpRequest.newBuilder(base.resolve("host-support/usage?project_id=" + projectId
                + "&datasource=" + dataSource)).GET()));
    }

    private static JsonObject ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + ": "
                    + response.statusCode() + " " + response.body());
        }
        return SampleClient.json(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
