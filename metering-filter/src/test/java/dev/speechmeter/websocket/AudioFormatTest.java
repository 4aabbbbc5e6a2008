package dev.speechmeter.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioFormatTest {

    @Test
    void thirtySecondsOfSixteenKilohertzMonoSixteenBitPcm() {
        AudioFormat format = AudioFormat.raw("pcm_s16le", 16_000, 1);

        assertThat(format.bytesPerSample()).isEqualTo(2);
        assertThat(format.durationOf(960_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource({
            "pcm_f32le, 48000, 2, 384000, 1000",
            "pcm_s32be, 8000, 1, 32000, 1000",
            "pcm_s24le, 44100, 2, 264600, 1000",
            "pcm_u8, 8000, 1, 4000, 500",
            "mulaw, 8000, 1, 8000, 1000",
            "alaw, 8000, 2, 16000, 1000",
            "pcm_f64be, 16000, 1, 128000, 1000",
    })
    void theDurationFollowsFromSampleSizeRateAndChannels(String name, int rate, int channels, long bytes, long ms) {
        assertThat(AudioFormat.raw(name, rate, channels).durationOf(bytes)).isEqualTo(Duration.ofMillis(ms));
    }

    @Test
    void anIncompleteFrameOrMillisecondCountsNothing() {
        AudioFormat stereo = AudioFormat.raw("pcm_s16le", 16_000, 2);

        assertThat(stereo.durationOf(3)).isZero();
        assertThat(stereo.durationOf(64 + 3)).as("16 frames: one millisecond").isEqualTo(Duration.ofMillis(1));
        assertThat(stereo.durationOf(63)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "wav", "mp3", "pcm_s16", "pcm_f16le", "PCM_S16LE", "pcm_s8le", ""})
    void containerAndUnknownFormatsAreNotRaw(String name) {
        assertThat(AudioFormat.isRaw(name)).isFalse();
        assertThatThrownBy(() -> AudioFormat.raw(name, 16_000, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRateOrChannelCountOfZeroIsRefused() {
        assertThatThrownBy(() -> AudioFormat.raw("pcm_s16le", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioFormat.raw("pcm_s16le", 16_000, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
