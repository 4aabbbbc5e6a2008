package dev.speechmeter.sample.speech;

import dev.speechmeter.sample.audio.Tones;
import dev.speechmeter.sample.audio.WavWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * A stand-in for a speech synthesizer: a quiet tone, {@value #MS_PER_CHARACTER} ms for every
 * character of the text, at most {@link #MAX_LENGTH}; 16 kHz mono 16-bit PCM.
 */
@ApplicationScoped
public class SampleSynthesizer {

    public static final String DEFAULT_MODEL = "tts-sample";
    public static final int SAMPLE_RATE = 16_000;
    public static final long MS_PER_CHARACTER = 60;
    public static final Duration MAX_LENGTH = Duration.ofSeconds(30);

    private static final double FREQUENCY_HZ = 220;
    private static final double AMPLITUDE = 0.1;

    public Speech speak(String text) {
        Duration length = Duration.ofMillis(MS_PER_CHARACTER * text.codePointCount(0, text.length()));
        if (length.compareTo(MAX_LENGTH) > 0) {
            length = MAX_LENGTH;
        }
        return new Speech(WavWriter.pcm16Mono(SAMPLE_RATE, Tones.sine(SAMPLE_RATE, length, FREQUENCY_HZ, AMPLITUDE)),
                length);
    }

    /** A WAV file and the length of the audio in it. */
    public record Speech(byte[] wav, Duration length) {
    }
}
