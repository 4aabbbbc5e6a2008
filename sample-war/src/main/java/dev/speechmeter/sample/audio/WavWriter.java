package dev.speechmeter.sample.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a canonical 44-byte-header PCM WAV file.
 *
 * <pre>{@code
 * byte[] wav = WavWriter.pcm16Mono(16_000, Tones.sine(16_000, Duration.ofSeconds(2), 440, 0.1));
 * }</pre>
 */
public final class WavWriter {

    private static final int HEADER_BYTES = 44;
    private static final int PCM = 1;

    private WavWriter() {
    }

    /** A mono, 16-bit PCM file of the given samples. */
    public static byte[] pcm16Mono(int sampleRate, short[] samples) {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : samples) {
            data.putShort(sample);
        }
        return pcm(sampleRate, 1, 16, data.array());
    }

    /**
     * A PCM file of already-encoded frames ({@code channels} interleaved samples of
     * {@code bitsPerSample} bits each; 8-bit samples unsigned, wider ones signed little-endian).
     */
    public static byte[] pcm(int sampleRate, int channels, int bitsPerSample, byte[] data) {
        if (sampleRate <= 0 || channels <= 0 || channels > 0xFFFF
                || bitsPerSample <= 0 || bitsPerSample % 8 != 0 || bitsPerSample > 32) {
            throw new IllegalArgumentException("unsupported format: " + sampleRate + " Hz, " + channels
                    + " channels, " + bitsPerSample + " bits");
        }
        int blockAlign = channels * bitsPerSample / 8;
        if (data.length % blockAlign != 0) {
            throw new IllegalArgumentException("data is not whole frames of " + blockAlign + " bytes");
        }
        ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + data.length + (data.length & 1))
                .order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(wav.capacity() - 8)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) PCM)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bitsPerSample)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(data.length)
                .put(data);
        return wav.array();
    }
}
