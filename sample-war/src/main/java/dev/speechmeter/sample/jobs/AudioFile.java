package dev.speechmeter.sample.jobs;

import dev.speechmeter.sample.audio.WavInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.UUID;

/**
 * A file uploaded with {@code POST /v1/files}, as Soniox describes one. The sample keeps what it
 * needs to transcribe it (the WAV header's figures), not the audio itself.
 */
record AudioFile(UUID id, UUID project, String filename, long size, Instant createdAt, String clientReferenceId,
                 WavInfo wav) {

    JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", id.toString())
                .add("filename", filename)
                .add("size", size)
                .add("created_at", createdAt.toString());
        Jsons.nullable(json, "client_reference_id", clientReferenceId);
        return json.build();
    }
}
