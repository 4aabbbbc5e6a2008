package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Soniox's asynchronous transcriptions on the sample, over real HTTP: a job holds its
 * {@code transcribe} slot from its submit to its end and writes one usage entry when it
 * completes; the reads around it leave none; bad input is a 4xx that starts nothing.
 */
class JobsIT extends SampleIT {

    /** 60 s of audio: 3 s of the sample recognizer's work, long enough to be seen running. */
    private static final byte[] MINUTE = TestAudio.telephoneSilence(Duration.ofSeconds(60));
    /** 15 minutes: 45 s of work, which the tests end before it finishes. */
    private static final byte[] LONG = TestAudio.telephoneSilence(Duration.ofMinutes(15));

    private JobClient jobs;

    @BeforeEach
    void jobs() {
        jobs = new JobClient(baseUrl);
    }

    @Test
    void aTranscriptionJobHoldsItsSlotUntilItCompletesAndIsBilledOnceWithItsAudio() {
        Tenant tenant = tenant(1);
        String auth = tenant.authorization();
        HttpResponse<String> upload = jobs.upload(auth, "meeting.wav", MINUTE, "upload-7");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        JsonObject file = SampleClient.json(upload.body());
        assertThat(file.getString("filename")).isEqualTo("meeting.wav");
        assertThat(file.getJsonNumber("size").longValue()).isEqualTo(MINUTE.length);
        assertThat(file.getString("client_reference_id")).isEqualTo("upload-7");

        HttpResponse<String> created = jobs.create(auth, "{\"model\":\"stt-async-sample\",\"file_id\":\""
                + file.getString("id") + "\",\"client_reference_id\":\"order-7\",\"language_hints\":[\"en\"]}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject transcription = SampleClient.json(created.body());
        String id = transcription.getString("id");
        assertThat(id).isEqualTo(created.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(transcription.getString("status")).isIn("queued", "processing");
        assertThat(transcription.getString("file_id")).isEqualTo(file.getString("id"));
        assertThat(projectSlots(auth)).as("held while the job runs").isEqualTo(1);
        assertThat(client.transcribe(auth, TestAudio.tone(Duration.ofMillis(200))).statusCode())
                .as("the project's one slot is the job's").isEqualTo(429);

        JsonObject ended = jobs.ended(auth, id);
        assertThat(ended.getString("status")).isEqualTo("completed");
        assertThat(ended.getJsonNumber("audio_duration_ms").longValue()).isEqualTo(60_000);
        HttpResponse<String> transcript = jobs.call(auth, "GET", "v1/transcriptions/" + id + "/transcript");
        assertThat(transcript.statusCode()).isEqualTo(200);
        assertThat(SampleClient.json(transcript.body()).getString("text")).isNotBlank();
        assertThat(SampleClient.json(transcript.body()).getJsonArray("tokens")).isNotEmpty();

        JsonObject entry = client.usageEntry(id);
        assertThat(entry.getJsonNumber("status_code").intValue()).isEqualTo(200);
        assertThat(entry.getBoolean("billable")).isTrue();
        assertThat(entry.getJsonNumber("input_audio_duration_ms").longValue()).isEqualTo(60_000);
        assertThat(entry.getString("client_reference_id")).isEqualTo("order-7");
        assertThat(entry.getString("model")).isEqualTo("stt-async-sample");
        assertThat(SampleClient.pollUntil(() -> projectSlots(auth), slots -> slots == 0)).isZero();
        JsonObject usage = client.projectUsage(tenant.projectId());
        assertThat(usage.getInt("billable")).as("the job, once; not the upload, the polls or the transcript")
                .isEqualTo(1);
    }

    @Test
    void jobsThatFindThePoolFullWaitAsQueuedAndRunOneAfterAnotherInTheOrderTheyCame() {
        Tenant tenant = tenant(1);
        String auth = tenant.authorization();
        String file = jobs.uploaded(auth, TestAudio.telephoneSilence(Duration.ofSeconds(20)));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> created = jobs.create(auth, "{\"model\":\"stt-async-sample\",\"file_id\":\"" + file
                    + "\",\"client_reference_id\":\"job-" + i + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ids.add(SampleClient.json(created.body()).getString("id"));
        }

        assertThat(SampleClient.json(jobs.call(auth, "GET", "v1/transcriptions/" + ids.get(2)).body())
                .getString("status")).isEqualTo("queued");
        assertThat(projectSlots(auth)).as("only the running job holds a slot").isEqualTo(1);
        HttpResponse<String> wav = client.transcribe(auth, TestAudio.tone(Duration.ofMillis(200)));
        assertThat(wav.statusCode()).as("a WAV body waits for no slot: " + wav.body()).isEqualTo(429);
        assertThat(wav.headers().firstValue("Retry-After")).isPresent();

        List<String> ends = new java.util.ArrayList<>();
        for (String id : ids) {
            assertThat(jobs.ended(auth, id).getString("status")).isEqualTo("completed");
            JsonObject entry = client.usageEntry(id);
            assertThat(entry.getBoolean("billable")).isTrue();
            ends.add(entry.getString("end_time"));
        }
        assertThat(ends).as("ended in the order they came (the times are written alike)").isSorted();
        assertThat(SampleClient.pollUntil(() -> projectSlots(auth), slots -> slots == 0)).isZero();
        assertThat(client.projectUsage(tenant.projectId()).getInt("billable")).isEqualTo(3);
    }

    @Test
    void aSubmitRetriedWithItsIdempotencyKeyAfterItsConnectionDroppedIsOneJobAndOneCharge() throws Exception {
        Tenant tenant = tenant(null);
        String auth = tenant.authorization();
        String file = jobs.uploaded(auth, MINUTE);
        String body = "{\"model\":\"stt-async-sample\",\"file_id\":\"" + file + "\"}";
        String key = "retry-" + java.util.UUID.randomUUID();
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket(jobs.base().getHost(), jobs.base().getPort())) {
            socket.getOutputStream().write(("POST /v1/transcriptions HTTP/1.1\r\nHost: " + jobs.base().getHost()
                    + "\r\nAuthorization: " + auth + "\r\nIdempotency-Key: " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        HttpResponse<String> retried = SampleClient.pollUntil(() -> jobs.create(auth, body, key),
                response -> response.statusCode() != 409);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        String id = SampleClient.json(retried.body()).getString("id");
        assertThat(jobs.ended(auth, id).getString("status")).isEqualTo("completed");
        HttpResponse<String> again = jobs.create(auth, body, key);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(SampleClient.json(again.body()).getString("id")).as("the first answer, again").isEqualTo(id);
        JsonObject usage = SampleClient.pollUntil(() -> client.projectUsage(tenant.projectId()),
                found -> found.getInt("billable") >= 1);
        assertThat(usage.getInt("billable")).as("one charge").isEqualTo(1);
        assertThat(usage.getJsonArray("billable_ids").getString(0)).isEqualTo(id);
    }

    @Test
    void anUploadOverTheSamplesLimitIs413AndKeepsNothing() {
        Tenant tenant = tenant(null);
        byte[] huge = TestAudio.telephoneSilence(Duration.ofMinutes(18));

        HttpResponse<String> refused = jobs.upload(tenant.authorization(), "huge.wav", huge, null);

        assertThat(huge.length).as("over the sample's 8 MiB, under the server's own limits").isBetween(
                8 * 1024 * 1024, 10 * 1024 * 1024);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(SampleClient.json(refused.body()).getString("request_id"))
                .isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(SampleClient.json(jobs.call(tenant.authorization(), "GET", "v1/files").body())
                .getJsonArray("files")).isEmpty();
    }

    @Test
    void listsArePagedNewestFirstAndEndWithANullCursor() {
        Tenant tenant = tenant(null);
        String auth = tenant.authorization();
        String first = jobs.uploaded(auth, TestAudio.tone(Duration.ofMillis(200)));
        String second = jobs.uploaded(auth, TestAudio.tone(Duration.ofMillis(200)));
        String third = jobs.uploaded(auth, TestAudio.tone(Duration.ofMillis(200)));

        JsonObject page = SampleClient.json(jobs.call(auth, "GET", "v1/files?limit=2").body());
        assertThat(page.getJsonArray("files").getValuesAs(JsonObject.class)).extracting(f -> f.getString("id"))
                .containsExactly(third, second);
        JsonObject last = SampleClient.json(jobs.call(auth, "GET", "v1/files?limit=2&cursor="
                + page.getString("next_page_cursor")).body());
        assertThat(last.getJsonArray("files").getValuesAs(JsonObject.class)).extracting(f -> f.getString("id"))
                .containsExactly(first);
        assertThat(last.isNull("next_page_cursor")).isTrue();

        String job = SampleClient.json(jobs.create(auth, "{\"model\":\"stt-async-sample\",\"file_id\":\"" + first
                + "\"}").body()).getString("id");
        JsonObject transcriptions = SampleClient.json(jobs.call(auth, "GET", "v1/transcriptions").body());
        assertThat(transcriptions.getJsonArray("transcriptions").getValuesAs(JsonObject.class))
                .extracting(t -> t.getString("id")).containsExactly(job);
        assertThat(transcriptions.isNull("next_page_cursor")).isTrue();
        assertThat(jobs.call(auth, "DELETE", "v1/files/" + second).statusCode()).isEqualTo(204);
        assertThat(jobs.call(auth, "GET", "v1/files/" + second).statusCode()).isEqualTo(404);
    }

    @Test
    void deletingARunningJobCancelsItUnbilledAndLetsItsSlotGo() {
        Tenant tenant = tenant(1);
        String auth = tenant.authorization();
        String file = jobs.uploaded(auth, LONG);
        String id = SampleClient.json(jobs.create(auth, "{\"model\":\"stt-async-sample\",\"file_id\":\"" + file
                + "\"}").body()).getString("id");
        assertThat(projectSlots(auth)).isEqualTo(1);

        HttpResponse<String> deleted = jobs.call(auth, "DELETE", "v1/transcriptions/" + id);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        JsonObject entry = client.usageEntry(id);
        assertThat(entry.getJsonNumber("status_code").intValue()).isEqualTo(499);
        assertThat(entry.getBoolean("billable")).isFalse();
        assertThat(projectSlots(auth)).isZero();
        assertThat(jobs.call(auth, "GET", "v1/transcriptions/" + id).statusCode()).isEqualTo(404);
        assertThat(jobs.call(auth, "DELETE", "v1/transcriptions/" + id).statusCode()).isEqualTo(404);
        HttpResponse<String> requests = client.get(auth, "/v1/projects/" + tenant.projectId() + "/requests/" + id);
        assertThat(requests.statusCode()).as(requests.body()).isEqualTo(200);
        assertThat(SampleClient.json(requests.body()).getJsonObject("request").getJsonObject("response")
                .getString("message")).isEqualTo("Cancelled by the client.");
    }

    @Test
    void aSubmitThatIsRefusedStartsNoJobAndHoldsNothing() {
        Tenant tenant = tenant(1);
        Tenant other = tenant(null);
        String auth = tenant.authorization();
        String foreignFile = jobs.uploaded(other.authorization(), MINUTE);
        Map<String, String> bodies = Map.of(
                "{\"model\":\"stt-async-sample\",\"file_id\":\"" + foreignFile + "\"}", "body.file_id",
                "{\"model\":\"stt-async-sample\",\"file_id\":\"00000000-0000-0000-0000-000000000000\"}", "body.file_id",
                "{\"model\":\"stt-async-sample\",\"file_id\":\"../../etc/passwd\"}", "body.file_id",
                "{\"model\":\"stt-async-sample\",\"audio_url\":\"https://example.com/a.wav\"}", "body.audio_url",
                "{\"file_id\":\"" + foreignFile + "\"}", "body.model",
                "{\"model\":\"" + "m".repeat(33) + "\",\"file_id\":\"" + foreignFile + "\"}", "body.model",
                "{\"model\":\"stt-async-sample\",\"file_id\":\"" + foreignFile + "\",\"client_reference_id\":\""
                        + "é".repeat(257) + "\"}", "body.client_reference_id",
                "{\"model\":7,\"file_id\":\"" + foreignFile + "\"}", "body.model",
                "[" .repeat(5_000), "body",
                "{\"model\":\"stt-async-sample\",\"file_id\":1e999999999}", "body");

        for (Map.Entry<String, String> body : bodies.entrySet()) {
            HttpResponse<String> refused = jobs.create(auth, body.getKey());
            assertThat(refused.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(SampleClient.firstErrorLocation(refused)).as(body.getKey()).startsWith(body.getValue());
            assertThat(refused.body()).doesNotContain("Exception", "at dev.", "sm_");
        }

        assertThat(projectSlots(auth)).isZero();
        assertThat(client.projectUsage(tenant.projectId()).getInt("billable")).isZero();
        assertThat(SampleClient.json(jobs.call(auth, "GET", "v1/transcriptions").body())
                .getJsonArray("transcriptions")).isEmpty();
    }

    @Test
    void aProjectReachesOnlyItsOwnFilesAndTranscriptions() {
        Tenant owner = tenant(null);
        Tenant stranger = tenant(null);
        String file = jobs.uploaded(owner.authorization(), TestAudio.tone(Duration.ofMillis(400)));
        String job = SampleClient.json(jobs.create(owner.authorization(), "{\"model\":\"stt-async-sample\",\"file_id\":\""
                + file + "\"}").body()).getString("id");

        for (String path : List.of("v1/files/" + file, "v1/transcriptions/" + job, "v1/transcriptions/" + job
                + "/transcript")) {
            for (String method : List.of("GET", "DELETE")) {
                if (method.equals("DELETE") && path.endsWith("/transcript")) {
                    continue;
                }
                HttpResponse<String> response = jobs.call(stranger.authorization(), method, path);
                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(404);
                assertThat(SampleClient.json(response.body()).getString("request_id"))
                        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
            }
        }
        assertThat(jobs.call(owner.authorization(), "GET", "v1/files/" + file).statusCode()).isEqualTo(200);
        assertThat(jobs.ended(owner.authorization(), job).getString("status")).isEqualTo("completed");
    }

    @Test
    void badUploadsAndIdsAreFourHundredsAndKeepNothing() {
        Tenant tenant = tenant(null);
        String auth = tenant.authorization();
        List<HttpResponse<String>> refused = List.of(
                jobs.upload(auth, "notes.txt", "not audio".getBytes(StandardCharsets.UTF_8), null),
                jobs.upload(auth, "a.wav", MINUTE, "r".repeat(257)),
                jobs.upload(auth, "x".repeat(300) + ".wav", MINUTE, null),
                jobs.raw(auth, "POST", "v1/files", "multipart/form-data; boundary=nothing", "garbage".getBytes()),
                jobs.raw(auth, "POST", "v1/files", "multipart/form-data", "garbage".getBytes()),
                jobs.raw(auth, "POST", "v1/files", "application/json", "{}".getBytes()),
                jobs.call(auth, "GET", "v1/files?limit=0"),
                jobs.call(auth, "GET", "v1/files?limit=99999999999999999999"),
                jobs.call(auth, "GET", "v1/transcriptions?cursor=%00"),
                jobs.call(auth, "GET", "v1/transcriptions/not-an-id"),
                jobs.call(auth, "GET", "v1/transcriptions/" + "9".repeat(5_000)),
                jobs.call(auth, "DELETE", "v1/files/%2e%2e"),
                jobs.call(null, "GET", "v1/files"),
                jobs.call("Basic Zm9vOmJhcg==", "GET", "v1/transcriptions"),
                jobs.call(null, "POST", "v1/transcriptions"));

        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + " "
                    + response.body()).isBetween(400, 499);
            assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.");
        }
        JsonObject files = SampleClient.json(jobs.call(auth, "GET", "v1/files").body());
        assertThat(files.getJsonArray("files")).isEmpty();
        assertThat(client.projectUsage(tenant.projectId()).getInt("entries"))
                .as(client.get(auth, "/v1/projects/" + tenant.projectId() + "/requests").body()).isZero();
    }

    /**
     * A tenant whose request rate does not get in the way of polling a job every few milliseconds,
     * with {@code transcribe_concurrent} slots (null: the default).
     */
    private Tenant tenant(Integer transcribeConcurrent) {
        return client.newTenant("requests_per_minute=100000&organization_requests_per_minute=100000"
                + (transcribeConcurrent == null ? "" : "&transcribe_concurrent=" + transcribeConcurrent));
    }

    private int projectSlots(String authorization) {
        return client.concurrencyLimits(authorization).getJsonObject("project").getJsonObject("current")
                .getInt("transcribe_concurrent");
    }
}
