package dev.speechmeter.sample.audio;

import java.time.Duration;

/** Synthesized 16-bit samples: what the sample's text-to-speech "speaks". */
public final class Tones {

    /** Fade in and out over this long, so the tone starts and stops without a click. */
    private static final Duration FADE = Duration.ofMillis(10);

    private Tones() {
    }

    /**
     * A sine tone.
     *
     * @param amplitude 0 (silence) to 1 (full scale)
     */
    public static short[] sine(int sampleRate, Duration length, double frequencyHz, double amplitude) {
        if (amplitude < 0 || amplitude > 1) {
            throw new IllegalArgumentException("amplitude must be within 0..1: " + amplitude);
        }
        int count = Math.toIntExact(length.toNanos() * sampleRate / 1_000_000_000L);
        int fade = Math.max(1, Math.toIntExact(FADE.toNanos() * sampleRate / 1_000_000_000L));
        short[] samples = new short[count];
        double peak = amplitude * Short.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            double envelope = Math.min(1.0, Math.min(i, count - 1 - i) / (double) fade);
            samples[i] = (short) Math.round(peak * envelope * Math.sin(2 * Math.PI * frequencyHz * i / sampleRate));
        }
        return samples;
    }
}
