package dev.speechmeter.sample.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WavWriterTest {

    @Test
    void writesACanonicalPcmHeader() {
        byte[] wav = WavWriter.pcm16Mono(16_000, new short[] {0, 1000, -1000, Short.MAX_VALUE});
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(wav).hasSize(44 + 8);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(header.getInt(4)).isEqualTo(wav.length - 8);
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(header.getInt(16)).isEqualTo(16);
        assertThat(header.getShort(20)).isEqualTo((short) 1);
        assertThat(header.getShort(22)).isEqualTo((short) 1);
        assertThat(header.getInt(24)).isEqualTo(16_000);
        assertThat(header.getInt(28)).isEqualTo(32_000);
        assertThat(header.getShort(32)).isEqualTo((short) 2);
        assertThat(header.getShort(34)).isEqualTo((short) 16);
        assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(header.getInt(40)).isEqualTo(8);
        assertThat(header.getShort(46)).isEqualTo((short) 1000);
        assertThat(header.getShort(50)).isEqualTo(Short.MAX_VALUE);
    }

    @Test
    void whatItWritesReadsBackWithTheSameFormatAndLength() throws Exception {
        short[] tone = Tones.sine(16_000, Duration.ofMillis(1_250), 440, 0.1);

        WavInfo wav = WavReader.read(new ByteArrayInputStream(WavWriter.pcm16Mono(16_000, tone)));

        assertThat(wav).isEqualTo(new WavInfo(1, 1, 16_000, 16, 2, 2 * 20_000));
        assertThat(wav.duration()).isEqualTo(Duration.ofMillis(1_250));
    }

    @Test
    void padsAnOddDataChunkAndStillReadsBack() throws Exception {
        byte[] wav = WavWriter.pcm(8_000, 1, 8, new byte[801]);

        assertThat(wav).hasSize(44 + 802);
        assertThat(WavReader.read(new ByteArrayInputStream(wav)).dataBytes()).isEqualTo(801);
    }

    @Test
    void refusesFormatsItCannotWrite() {
        assertThatThrownBy(() -> WavWriter.pcm(16_000, 1, 12, new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavWriter.pcm(16_000, 2, 16, new byte[6])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aToneIsQuietAndStartsAndEndsInSilence() {
        short[] tone = Tones.sine(16_000, Duration.ofSeconds(1), 440, 0.1);

        assertThat(tone).hasSize(16_000);
        assertThat(tone[0]).isZero();
        assertThat(tone[tone.length - 1]).isZero();
        int peak = 0;
        for (short sample : tone) {
            peak = Math.max(peak, Math.abs(sample));
        }
        assertThat(peak).isBetween(3_000, (int) Math.round(0.1 * Short.MAX_VALUE));
    }
}
