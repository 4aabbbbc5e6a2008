package dev.speechmeter.websocket;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw audio as a stream's configuration describes it ({@code audio_format}, {@code sample_rate},
 * {@code num_channels}), so that the audio received can be measured from its bytes alone.
 * Container formats ({@code auto}, {@code wav}, {@code mp3}, ...) cannot be: for them the
 * endpoint reports the duration itself.
 *
 * <pre>{@code
 * if (AudioFormat.isRaw("pcm_s16le")) {
 *     AudioFormat format = AudioFormat.raw("pcm_s16le", 16_000, 1);
 *     format.durationOf(960_000);   // 30 seconds
 * }
 * }</pre>
 *
 * @param name           e.g. {@code pcm_s16le}, {@code mulaw}
 * @param sampleRate     samples a second, per channel
 * @param channels       interleaved channels
 * @param bytesPerSample bytes of one sample of one channel
 */
public record AudioFormat(String name, int sampleRate, int channels, int bytesPerSample) {

    /** Signed or unsigned integer, or float, PCM of 8 to 64 bits, little or big endian; and G.711. */
    private static final Pattern RAW = Pattern.compile("pcm_(?:[su](8)|[su](16|24|32)(?:le|be)|f(32|64)(?:le|be))|(mulaw|alaw)");

    public AudioFormat {
        Objects.requireNonNull(name, "name");
        if (sampleRate <= 0 || channels <= 0 || bytesPerSample <= 0) {
            throw new IllegalArgumentException("sample rate, channels and sample size must be positive: "
                    + sampleRate + ", " + channels + ", " + bytesPerSample);
        }
    }

    /** True for the formats whose duration follows from their bytes. */
    public static boolean isRaw(String name) {
        return name != null && RAW.matcher(name).matches();
    }

    /**
     * @throws IllegalArgumentException when {@code name} is not a raw format, or a number is not positive
     */
    public static AudioFormat raw(String name, int sampleRate, int channels) {
        Matcher matcher = RAW.matcher(name == null ? "" : name);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a raw audio format: " + name);
        }
        int bits = 8;
        for (int group = 1; group <= 3; group++) {
            if (matcher.group(group) != null) {
                bits = Integer.parseInt(matcher.group(group));
            }
        }
        return new AudioFormat(name, sampleRate, channels, bits / 8);
    }

    /** How long {@code bytes} of this audio play, in whole milliseconds; an incomplete frame counts nothing. */
    public Duration durationOf(long bytes) {
        long frames = bytes / ((long) bytesPerSample * channels);
        return Duration.ofMillis(Math.multiplyExact(frames, 1000L) / sampleRate);
    }
}
