package dev.speechmeter.sample.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Real HTTP against the deployed sample, the way any client of a speech API would call it. */
final class SampleClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How long the server may take to finish what a completed response started (release a slot, commit an entry). */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final URI base;

    SampleClient(URL base) {
        this.base = URI.create(base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/");
    }

    /** A fresh organization and project; the limits (null = configured default) are set on the project. */
    Tenant newTenant(Integer requestsPerMinute, Integer transcribeConcurrent) {
        StringBuilder query = new StringBuilder();
        if (requestsPerMinute != null) {
            query.append("requests_per_minute=").append(requestsPerMinute).append('&');
        }
        if (transcribeConcurrent != null) {
            query.append("transcribe_concurrent=").append(transcribeConcurrent).append('&');
        }
        return newTenant(query.toString());
    }

    /**
     * A fresh organization and project with the limits of a query string in the names of
     * {@code TestSupportResource} ({@code tts_concurrent=5&organization_requests_per_minute=100000}).
     */
    Tenant newTenant(String limits) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("test-support/tenants?" + limits))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Could not create a tenant: " + response.statusCode() + " " + response.body());
        }
        JsonObject tenant = json(response.body());
        return new Tenant(tenant.getString("organization_id"), tenant.getString("project_id"),
                tenant.getString("api_key_id"), tenant.getString("api_key"));
    }

    HttpResponse<String> transcribe(String authorization, byte[] wav) {
        return send(transcription(authorization, wav));
    }

    /** A transcription with extra request headers, given as name, value, name, value. */
    HttpResponse<String> transcribe(String authorization, byte[] wav, String... headers) {
        HttpRequest.Builder request = transcription(authorization, wav);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    CompletableFuture<HttpResponse<String>> transcribeAsync(String authorization, byte[] wav) {
        return http.sendAsync(transcription(authorization, wav).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A transcription with a query string, such as {@code "language=de&tag=a"}. */
    HttpResponse<String> transcribeWith(String authorization, String query, byte[] wav) {
        return send(transcription(authorization, "v1/transcriptions?" + query, wav));
    }

    private HttpRequest.Builder transcription(String authorization, byte[] wav) {
        return transcription(authorization, "v1/transcriptions", wav);
    }

    private HttpRequest.Builder transcription(String authorization, String path, byte[] wav) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wav));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /**
     * Metered work in the transcription pool that holds its slot until {@link #release(String)} of
     * the same name, on the same server ({@link HeldWorkResource}).
     */
    CompletableFuture<HttpResponse<String>> hold(String authorization, String name, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("test-support/held/" + name))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Locks the project's daily usage rows in a transaction of the test's until {@link #unlockDailyUsage}. */
    void lockDailyUsage(String projectId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                base.resolve("test-support/projects/" + projectId + "/daily-usage-lock")).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("POST .../daily-usage-lock: " + response.statusCode() + " " + response.body());
        }
    }

    void unlockDailyUsage(String projectId) {
        send(HttpRequest.newBuilder(base.resolve("test-support/projects/" + projectId + "/daily-usage-lock")).DELETE());
    }

    /** The base URI of the sample, for clients of its own. */
    URI base() {
        return base;
    }

    /** Lets the hold of that name answer. */
    void release(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("test-support/held/" + name))
                .DELETE());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("DELETE /test-support/held: " + response.statusCode() + " " + response.body());
        }
    }

    /** {@code POST /v1/language-identification}, the endpoint metered by annotation only. */
    HttpResponse<String> identifyLanguage(String authorization, byte[] wav) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("v1/language-identification"))
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wav));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    HttpResponse<byte[]> speak(String authorization, String json) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("tts"))
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    JsonObject concurrencyLimits(String authorization) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("v1/concurrency-limits"))
                .header("Authorization", authorization)
                .GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/concurrency-limits: " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** {@code GET /v1/usage-logs} with the given query string. */
    HttpResponse<String> usageLogs(String authorization, String query) {
        return send(HttpRequest.newBuilder(base.resolve("v1/usage-logs?" + query))
                .header("Authorization", authorization)
                .GET());
    }

    /** {@code GET /v1/usage/summary} with the given query string. */
    HttpResponse<String> usageSummary(String authorization, String query) {
        return send(HttpRequest.newBuilder(base.resolve("v1/usage/summary?" + query))
                .header("Authorization", authorization)
                .GET());
    }

    /** {@code GET} of a path (and query) under the sample's root, with the given Authorization header. */
    HttpResponse<String> get(String authorization, String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery))
                .header("Authorization", authorization)
                .GET());
    }

    /** Like {@link #get(String, String)}, with more request headers ({@code name, value, name, value, ...}). */
    HttpResponse<String> get(String authorization, String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery.substring(1))).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** {@code POST} of a JSON body to a path under the sample's root, with the given Authorization header. */
    HttpResponse<String> postJson(String authorization, String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * A call to the admin surface as a server user ({@code null}: none), with HTTP Basic
     * authentication; {@code json} null for no body.
     */
    HttpResponse<String> admin(String user, String password, String method, String path, String json) {
        return admin(user, password, method, path, json == null ? null : "application/json", json);
    }

    /** Like {@link #admin(String, String, String, String, String)}, with a body of the given content type. */
    HttpResponse<String> admin(String user, String password, String method, String path, String contentType,
                               String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request);
    }

    /** Waits, within a bound, until a poll of the server's state satisfies {@code done}; returns the last state seen. */
    /**
     * The entries of {@code GET /v1/concurrent-streams-history} for {@code [start, end)} in periods of
     * {@code periodSeconds}, of {@code kind}; fails unless the answer is a 200 of that kind.
     */
    JsonArray concurrencyHistory(String authorization, Instant start, Instant end, int periodSeconds, String kind) {
        HttpResponse<String> response = get(authorization, "/v1/concurrent-streams-history?start_time=" + start
                + "&end_time=" + end + "&period_sec=" + periodSeconds + "&kind=" + kind);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/concurrent-streams-history: " + response.statusCode() + " "
                    + response.body());
        }
        JsonObject body = json(response.body());
        if (!kind.equals(body.getString("kind"))) {
            throw new IllegalStateException("GET /v1/concurrent-streams-history answered another kind: " + body);
        }
        return body.getJsonArray("entries");
    }

    static <T> T pollUntil(Supplier<T> poll, Predicate<T> done) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        T state = poll.get();
        while (!done.test(state) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            state = poll.get();
        }
        return state;
    }

    /**
     * The stored usage entry of a request. The server settles a request when its response
     * completes, which the client may see a moment before; so this polls, within a bound.
     *
     * @return the row as {column: value}, or null when there is none
     */
    JsonObject usageEntry(String requestId) {
        HttpResponse<String> found = pollUntil(() -> send(HttpRequest.newBuilder(base.resolve("test-support/usage/" + requestId))
                .GET()), response -> response.statusCode() != 404);
        if (found.statusCode() == 404) {
            return null;
        }
        if (found.statusCode() != 200) {
            throw new IllegalStateException("GET /test-support/usage: " + found.statusCode() + " " + found.body());
        }
        return json(found.body());
    }

    /** Whether a request still running holds the project's idempotency key; false when the key is done or not kept. */
    boolean idempotencyKeyRunning(String projectId, String key) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("test-support/projects/" + projectId
                + "/idempotency-keys/" + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8))).GET());
        return response.statusCode() == 200 && json(response.body()).getBoolean("running");
    }

    /** The product name of the database the sample stores in, as its JDBC driver gives it. */
    String databaseProduct() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("test-support/database")).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /test-support/database: " + response.statusCode() + " "
                    + response.body());
        }
        return json(response.body()).getString("product");
    }

    /** How many usage entries a project has: {@code {"entries", "billable", "billable_ids": [...]}}. */
    JsonObject projectUsage(String projectId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                base.resolve("test-support/projects/" + projectId + "/usage")).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /test-support/projects/.../usage: " + response.statusCode() + " "
                    + response.body());
        }
        return json(response.body());
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

    /** The {@code location} of the first validation error of a 400 in the SPEC §2 shape. */
    static String firstErrorLocation(HttpResponse<String> response) {
        return json(response.body()).getJsonArray("validation_errors").getJsonObject(0).getString("location");
    }

    static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
