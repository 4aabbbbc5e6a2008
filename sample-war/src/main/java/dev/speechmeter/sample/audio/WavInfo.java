package dev.speechmeter.sample.audio;

import java.time.Duration;

/**
 * What the header of a WAV file says, and how much audio its {@code data} chunk really holds.
 *
 * @param formatTag     the {@code fmt} chunk's encoding: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law, 0xFFFE extensible
 * @param channels      interleaved channels per frame
 * @param sampleRate    frames per second
 * @param bitsPerSample bits of one sample of one channel
 * @param blockAlign    bytes of one frame (all channels)
 * @param dataBytes     bytes of audio in the {@code data} chunk, whole frames only
 */
public record WavInfo(int formatTag, int channels, int sampleRate, int bitsPerSample, int blockAlign,
                      long dataBytes) {

    public long frames() {
        return dataBytes / blockAlign;
    }

    /** Length of the audio, to the nanosecond. */
    public Duration duration() {
        long frames = frames();
        long seconds = frames / sampleRate;
        long rest = frames % sampleRate;
        return Duration.ofSeconds(seconds, rest * 1_000_000_000L / sampleRate);
    }
}
