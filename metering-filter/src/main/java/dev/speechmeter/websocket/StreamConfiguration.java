package dev.speechmeter.websocket;

import dev.speechmeter.rest.JsonBodies;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.Usage;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The first text message of a stream, read and checked. Speechmeter reads the
 * fields it meters with; the endpoint finds its own ones (language hints, context, ...) in
 * {@link #json()}.
 *
 * <pre>{@code
 * {"api_key": "temp:...", "model": "stt-rt-sample", "client_reference_id": "user-42",
 *  "audio_format": "pcm_s16le", "sample_rate": 16000, "num_channels": 1}
 * }</pre>
 *
 * A raw {@code audio_format} ({@code pcm_s16le}, {@code mulaw}, ... see {@link AudioFormat})
 * needs {@code sample_rate} and {@code num_channels}; the audio received is then measured from its
 * bytes. Any other format ({@code auto} when none is given) is the endpoint's to measure.
 */
public final class StreamConfiguration {

    /** The format a configuration without {@code audio_format} has, as in Soniox's API. */
    public static final String AUTO = "auto";

    static final int MAX_SAMPLE_RATE = 1_000_000;
    static final int MAX_CHANNELS = Usage.MAX_CHANNELS;

    private final List<ValidationError> errors = new ArrayList<>();
    private JsonObject json;
    private String apiKey;
    private String model;
    private String clientReferenceId;
    private String audioFormat = AUTO;
    private AudioFormat rawFormat;

    private StreamConfiguration() {
    }

    static StreamConfiguration parse(String message) {
        StreamConfiguration configuration = new StreamConfiguration();
        configuration.json = JsonBodies.object(message, configuration.errors);
        if (configuration.json != null) {
            configuration.read(configuration.json);
        }
        return configuration;
    }

    private void read(JsonObject json) {
        apiKey = text(json, "api_key", false);
        model = text(json, "model", true);
        clientReferenceId = JsonBodies.clientReferenceId(json.get("client_reference_id"), errors);
        String format = text(json, "audio_format", false);
        if (format != null) {
            audioFormat = format;
        }
        Integer sampleRate = whole(json, "sample_rate", AudioFormat.isRaw(audioFormat), MAX_SAMPLE_RATE);
        Integer channels = whole(json, "num_channels", AudioFormat.isRaw(audioFormat), MAX_CHANNELS);
        if (AudioFormat.isRaw(audioFormat) && sampleRate != null && channels != null) {
            rawFormat = AudioFormat.raw(audioFormat, sampleRate, channels);
        }
    }

    private String text(JsonObject json, String name, boolean required) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                errors.add(new ValidationError("missing", "body." + name, name + " is required."));
            }
            return null;
        }
        if (!(value instanceof JsonString text) || text.getString().isBlank()) {
            errors.add(new ValidationError("string_type", "body." + name, name + " must be a non-empty string."));
            return null;
        }
        return text.getString();
    }

    private Integer whole(JsonObject json, String name, boolean required, int max) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                errors.add(new ValidationError("missing", "body." + name, name + " is required for raw audio formats."));
            }
            return null;
        }
        Long number = JsonBodies.whole(value, "body." + name, 1, max, errors);
        return number == null ? null : number.intValue();
    }

    /** True when the message is a JSON object; else nothing else in it is known. */
    boolean isJson() {
        return json != null;
    }

    /** {@code 400 invalid_request} naming every bad field, or null when every field is good. */
    ApiError invalidInput(UUID requestId) {
        if (errors.isEmpty()) {
            return null;
        }
        String message = errors.stream().map(ValidationError::message).collect(Collectors.joining(" "));
        return new ApiError(400, "invalid_request", message, errors, requestId.toString());
    }

    /** The key to authenticate with; null when the message has none. Never log it. */
    String apiKey() {
        return apiKey;
    }

    /** The whole message, for the endpoint's own fields. */
    public JsonObject json() {
        return json;
    }

    public String model() {
        return model;
    }

    /** The caller's own reference as sent; a temporary key's bound reference replaces it on the usage entry. */
    public String clientReferenceId() {
        return clientReferenceId;
    }

    /** {@code audio_format} as sent, {@value #AUTO} when absent. */
    public String audioFormat() {
        return audioFormat;
    }

    /** The raw format the audio is measured in; null for a container format the endpoint measures. */
    public AudioFormat rawFormat() {
        return rawFormat;
    }
}
