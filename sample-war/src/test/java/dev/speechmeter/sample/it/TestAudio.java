package dev.speechmeter.sample.it;

import dev.speechmeter.sample.audio.Tones;
import dev.speechmeter.sample.audio.WavWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** A 440 Hz tone as raw audio, {@code pcm_s16le} at 16 kHz mono: what a real-time stream sends. */
    static byte[] rawTone(Duration length) {
        short[] samples = Tones.sine(16_000, length, 440, 0.1);
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pcm.asShortBuffer().put(samples);
        return pcm.array();
    }

    /** Silence, 8 kHz 8-bit, with this many channels. */
    static byte[] silence(Duration length, int channels) {
        byte[] samples = new byte[Math.toIntExact(length.toMillis() * 8 * channels)];
        Arrays.fill(samples, (byte) 0x80);
        return WavWriter.pcm(8_000, channels, 8, samples);
    }

    /** Silence, 8 kHz mono 8-bit: long audio in a small body. */
    static byte[] telephoneSilence(Duration length) {
        byte[] samples = new byte[Math.toIntExact(length.toMillis() * 8)];
        Arrays.fill(samples, (byte) 0x80);
        return WavWriter.pcm(8_000, 1, 8, samples);
    }
}
