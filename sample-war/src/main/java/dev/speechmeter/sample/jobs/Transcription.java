package dev.speechmeter.sample.jobs;

import dev.speechmeter.MeteredJob;
import dev.speechmeter.sample.speech.Transcript;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.UUID;

/**
 * One asynchronous transcription, as Soniox describes it: {@code queued}, then
 * {@code processing}, then {@code completed} with a transcript, or {@code error}. It holds the
 * {@link MeteredJob} its submit became, which holds a {@code transcribe} slot until it ends.
 */
final class Transcription {

    enum Status {
        QUEUED, PROCESSING, COMPLETED, ERROR;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final UUID id;
    private final UUID project;
    private final Instant createdAt;
    private final String model;
    private final AudioFile file;
    private final String clientReferenceId;
    private final MeteredJob job;
    private Status status = Status.QUEUED;
    private Transcript transcript;
    private String errorType;
    private String errorMessage;

    Transcription(MeteredJob job, Instant createdAt, String model, AudioFile file, String clientReferenceId) {
        this.id = job.id();
        this.project = job.project();
        this.job = job;
        this.createdAt = createdAt;
        this.model = model;
        this.file = file;
        this.clientReferenceId = clientReferenceId;
    }

    UUID id() {
        return id;
    }

    UUID project() {
        return project;
    }

    MeteredJob job() {
        return job;
    }

    AudioFile file() {
        return file;
    }

    String model() {
        return model;
    }

    synchronized Status status() {
        return status;
    }

    synchronized boolean start() {
        if (status != Status.QUEUED) {
            return false;
        }
        status = Status.PROCESSING;
        return true;
    }

    synchronized void completed(Transcript transcript) {
        this.transcript = transcript;
        this.status = Status.COMPLETED;
    }

    synchronized void failed(String errorType, String errorMessage) {
        if (status == Status.COMPLETED || status == Status.ERROR) {
            return;
        }
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.status = Status.ERROR;
    }

    synchronized Transcript transcript() {
        return transcript;
    }

    synchronized JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", id.toString())
                .add("status", status.wireName())
                .add("created_at", createdAt.toString())
                .add("model", model)
                .addNull("audio_url")
                .add("file_id", file.id().toString())
                .add("filename", file.filename())
                .addNull("language_hints")
                .add("enable_speaker_diarization", false)
                .add("enable_language_identification", false);
        Jsons.nullable(json, "audio_duration_ms", status == Status.COMPLETED ? file.wav().duration().toMillis() : null);
        Jsons.nullable(json, "error_type", errorType);
        Jsons.nullable(json, "error_message", errorMessage);
        json.addNull("webhook_url").addNull("webhook_auth_header_name").addNull("webhook_auth_header_value")
                .addNull("webhook_status_code");
        Jsons.nullable(json, "client_reference_id", clientReferenceId);
        return json.addNull("context").build();
    }
}
