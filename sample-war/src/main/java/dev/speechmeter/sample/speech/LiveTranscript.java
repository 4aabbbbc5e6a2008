package dev.speechmeter.sample.speech;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;

/**
 * What the sample recognizer makes of a stream, in the result messages of Soniox's real-time API:
 * one word every {@value SampleRecognizer#MS_PER_WORD} ms of audio, first as a non-final token,
 * final once the audio is {@value #FINAL_LAG_MS} ms past it (or at once on a finalize request).
 * The words are made up; the times are those of the audio received.
 *
 * <pre>{@code
 * {"tokens": [{"text": "The", "start_ms": 0, "end_ms": 400, "confidence": 0.95, "is_final": true},
 *             {"text": " North", "start_ms": 400, "end_ms": 800, "confidence": 0.95, "is_final": false}],
 *  "final_audio_proc_ms": 400, "total_audio_proc_ms": 1650}
 * }</pre>
 */
final class LiveTranscript {

    static final long FINAL_LAG_MS = 1_200;
    private static final double CONFIDENCE = 0.95;

    private final SampleRecognizer recognizer;
    private long audioMs;
    /** Words whose audio has been heard in full. */
    private long heardWords;
    /** Words sent as final. */
    private long finalWords;
    private long finalAudioMs;

    LiveTranscript(SampleRecognizer recognizer) {
        this.recognizer = recognizer;
    }

    /**
     * The audio heard so far is {@code audio} long.
     *
     * @return the result message to send, or null when no new word was heard
     */
    JsonObject heard(Duration audio) {
        audioMs = audio.toMillis();
        long words = audioMs / SampleRecognizer.MS_PER_WORD;
        if (words == heardWords) {
            return null;
        }
        heardWords = words;
        long finalUpTo = Math.max(finalWords, (audioMs - FINAL_LAG_MS) / SampleRecognizer.MS_PER_WORD);
        return result(finalUpTo, finalUpTo * SampleRecognizer.MS_PER_WORD, false);
    }

    /**
     * Every word heard is final now ({@code {"type": "finalize"}}, or the end of the audio); a
     * finalize request is answered with the {@code <fin>} token after them.
     */
    JsonObject finalizeAll(boolean finToken) {
        return result(heardWords, audioMs, finToken);
    }

    /** The last message of a stream. */
    JsonObject finished() {
        return Json.createObjectBuilder()
                .add("tokens", Json.createArrayBuilder())
                .add("final_audio_proc_ms", finalAudioMs)
                .add("total_audio_proc_ms", audioMs)
                .add("finished", true)
                .build();
    }

    /** Words sent as final so far: the stream's output tokens. */
    long finalTokens() {
        return finalWords;
    }

    /** The words up to {@code finalUpTo} become final, and so does the audio up to {@code finalAudio} ms. */
    private JsonObject result(long finalUpTo, long finalAudio, boolean finToken) {
        JsonArrayBuilder tokens = Json.createArrayBuilder();
        for (long i = finalWords; i < finalUpTo; i++) {
            tokens.add(token(i, true));
        }
        finalWords = Math.max(finalWords, finalUpTo);
        finalAudioMs = Math.max(finalAudioMs, finalAudio);
        for (long i = finalWords; i < heardWords; i++) {
            tokens.add(token(i, false));
        }
        if (finToken) {
            tokens.add(Json.createObjectBuilder().add("text", "<fin>").add("is_final", true));
        }
        return Json.createObjectBuilder()
                .add("tokens", tokens)
                .add("final_audio_proc_ms", finalAudioMs)
                .add("total_audio_proc_ms", audioMs)
                .build();
    }

    private JsonObject token(long index, boolean isFinal) {
        long start = index * SampleRecognizer.MS_PER_WORD;
        return Json.createObjectBuilder()
                .add("text", (index == 0 ? "" : " ") + recognizer.word(index))
                .add("start_ms", start)
                .add("end_ms", start + SampleRecognizer.MS_PER_WORD)
                .add("confidence", CONFIDENCE)
                .add("is_final", isFinal)
                .build();
    }
}
