package dev.speechmeter.sample.jobs;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.rest.JsonBodies;
import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of {@code POST /v1/transcriptions}, read with Speechmeter's bounded JSON reading:
 * {@code model} and {@code file_id} (or {@code audio_url}, which the sample cannot fetch), and
 * {@code client_reference_id}. Other fields Soniox's clients send (language hints, diarization,
 * webhooks) are accepted and ignored.
 */
record TranscriptionRequest(String model, String fileId, String clientReferenceId) {

    private static final int MAX_MODEL_LENGTH = 32;

    static TranscriptionRequest read(InputStream body) throws IOException {
        List<ValidationError> errors = new ArrayList<>();
        JsonObject json = JsonBodies.object(JsonBodies.text(body), errors);
        String model = null;
        String fileId = null;
        String reference = null;
        if (json != null) {
            model = JsonBodies.optionalString(json, "model", errors);
            fileId = JsonBodies.optionalString(json, "file_id", errors);
            String audioUrl = JsonBodies.optionalString(json, "audio_url", errors);
            reference = JsonBodies.clientReferenceId(json.get("client_reference_id"), errors);
            if (errors.isEmpty()) {
                if (model == null || model.isEmpty() || model.length() > MAX_MODEL_LENGTH) {
                    errors.add(new ValidationError("invalid", "body.model", "model is required, at most "
                            + MAX_MODEL_LENGTH + " characters."));
                } else if (audioUrl != null) {
                    errors.add(new ValidationError("unsupported", "body.audio_url", "This service cannot fetch "
                            + "audio_url; upload the file with POST /v1/files and send its file_id."));
                } else if (fileId == null) {
                    errors.add(new ValidationError("missing", "body.file_id", "file_id is required."));
                }
            }
        }
        if (!errors.isEmpty()) {
            ValidationError first = errors.get(0);
            throw new InvalidRequestException(first.location(), first.errorType(), first.message());
        }
        return new TranscriptionRequest(model, fileId, reference);
    }
}
