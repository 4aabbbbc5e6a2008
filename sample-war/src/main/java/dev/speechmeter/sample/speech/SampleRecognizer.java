package dev.speechmeter.sample.speech;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in for a speech recognizer: it "hears" one word of a fixed passage every
 * {@value #MS_PER_WORD} ms of audio. Real enough for metering, which only cares how much audio
 * came in and how many tokens went out.
 */
@ApplicationScoped
public class SampleRecognizer {

    public static final String MODEL = "stt-async-sample";

    static final long MS_PER_WORD = 400;

    private static final String[] PASSAGE = ("The North Wind and the Sun were disputing which was the stronger"
            + " when a traveler came along wrapped in a warm cloak").split(" ");

    /** The word the recognizer "hears" in the {@code index}-th {@value #MS_PER_WORD} ms of audio. */
    public String word(long index) {
        return PASSAGE[(int) (index % PASSAGE.length)];
    }

    public Transcript transcribe(UUID requestId, Duration audio) {
        long audioMs = audio.toMillis();
        long words = Math.max(1, audioMs / MS_PER_WORD);
        long step = Math.max(1, audioMs / words);
        List<Transcript.Token> tokens = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            long start = i * step;
            long end = i == words - 1 ? audioMs : start + step;
            tokens.add(new Transcript.Token(word(i), start, end, 0.95));
        }
        return new Transcript(requestId, tokens, audioMs, MODEL);
    }
}
