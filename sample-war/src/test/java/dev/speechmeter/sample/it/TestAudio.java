package dev.speechmeter.sample.it;

import dev.speechmeter.sample.audio.Tones;
import dev.speechmeter.sample.audio.WavWriter;
import java.time.Duration;
import java.util.Arrays;

/** WAV files for the tests, made on the spot. */
final class TestAudio {

    private TestAudio() {
    }

    /** A 440 Hz tone, 16 kHz mono 16-bit. */
    static byte[] tone(Duration length) {
        return WavWriter.pcm16Mono(16_000, Tones.sine(16_000, length, 440, 0.1));
    }

    /** Silence, 8 kHz mono 8-bit: long audio in a small body. */
    static byte[] telephoneSilence(Duration length) {
        byte[] samples = new byte[Math.toIntExact(length.toMillis() * 8)];
        Arrays.fill(samples, (byte) 0x80);
        return WavWriter.pcm(8_000, 1, 8, samples);
    }
}
