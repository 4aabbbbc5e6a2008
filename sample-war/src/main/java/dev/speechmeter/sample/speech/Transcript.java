package dev.speechmeter.sample.speech;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * What the sample recognizer heard: the text, word by word with times, and the audio's length.
 *
 * <pre>{@code
 * {"id": "0196...", "text": "The North Wind and the Sun", "tokens": [{"text": "The", "start_ms": 0,
 *  "end_ms": 400, "confidence": 0.95}, ...], "audio_duration_ms": 2000, "model": "stt-async-sample"}
 * }</pre>
 */
public record Transcript(UUID id, List<Token> tokens, long audioDurationMs, String model) {

    public Transcript {
        tokens = List.copyOf(tokens);
    }

    /** One recognized word and where it lies in the audio. */
    public record Token(String text, long startMs, long endMs, double confidence) {
    }

    public String text() {
        return String.join(" ", tokens.stream().map(Token::text).toList());
    }

    public JsonObject toJson() {
        JsonArrayBuilder words = Json.createArrayBuilder();
        for (Token token : tokens) {
            words.add(Json.createObjectBuilder()
                    .add("text", token.text())
                    .add("start_ms", token.startMs())
                    .add("end_ms", token.endMs())
                    .add("confidence", token.confidence()));
        }
        return Json.createObjectBuilder()
                .add("id", String.valueOf(id))
                .add("text", text())
                .add("tokens", words)
                .add("audio_duration_ms", audioDurationMs)
                .add("model", model)
                .build();
    }
}
