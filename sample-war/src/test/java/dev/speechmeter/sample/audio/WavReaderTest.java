package dev.speechmeter.sample.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavReaderTest {

    private static final byte[] MONO_16K = RiffBuilder.fmt(1, 1, 16_000, 16);

    @Test
    void measuresTheAudioOfAPlainPcmFile() throws Exception {
        WavInfo wav = read(RiffBuilder.wave().chunk("fmt ", MONO_16K).chunk("data", new byte[64_000]).build());

        assertThat(wav).isEqualTo(new WavInfo(1, 1, 16_000, 16, 2, 64_000));
        assertThat(wav.duration()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void usesChannelsSampleRateAndSampleSizeOfTheFmtChunk() throws Exception {
        byte[] stereo = RiffBuilder.fmt(1, 2, 44_100, 16);
        byte[] eightBit = RiffBuilder.fmt(1, 1, 8_000, 8);
        byte[] float32 = RiffBuilder.fmt(3, 1, 48_000, 32);

        assertThat(read(RiffBuilder.wave().chunk("fmt ", stereo).chunk("data", new byte[4 * 66_150]).build())
                .duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(read(RiffBuilder.wave().chunk("fmt ", eightBit).chunk("data", new byte[20_000]).build())
                .duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(read(RiffBuilder.wave().chunk("fmt ", float32).chunk("data", new byte[4 * 4_800]).build())
                .duration()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void skipsChunksItDoesNotNeedIncludingOddSizedOnes() throws Exception {
        byte[] file = RiffBuilder.wave()
                .chunk("JUNK", new byte[27])
                .chunk("fmt ", MONO_16K)
                .chunk("LIST", "INFOISFT\u0005\0\0\0Lavf".getBytes(StandardCharsets.ISO_8859_1))
                .chunk("fact", new byte[4])
                .chunk("data", new byte[32_000])
                .chunk("id3 ", new byte[11])
                .build();

        assertThat(read(file).duration()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void acceptsAnExtendedFmtChunk() throws Exception {
        byte[] extensible = Arrays.copyOf(RiffBuilder.fmt(0xFFFE, 2, 48_000, 24), 40);
        extensible[16] = 22; // cbSize of the extension

        WavInfo wav = read(RiffBuilder.wave().chunk("fmt ", extensible).chunk("data", new byte[6 * 48_000]).build());

        assertThat(wav.blockAlign()).isEqualTo(6);
        assertThat(wav.duration()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void countsTheBytesThatCameWhenTheDataSizeIsUnknownOrTooLarge() throws Exception {
        byte[] streamed = RiffBuilder.wave().chunk("fmt ", MONO_16K).chunk("data", 0xFFFF_FFFFL, new byte[8_000]).build();
        byte[] zeroSize = RiffBuilder.wave().chunk("fmt ", MONO_16K).chunk("data", 0, new byte[8_000]).build();
        byte[] truncated = RiffBuilder.wave().chunk("fmt ", MONO_16K).chunk("data", 64_000, new byte[16_000]).build();

        assertThat(read(streamed).duration()).isEqualTo(Duration.ofMillis(250));
        assertThat(read(zeroSize).duration()).isEqualTo(Duration.ofMillis(250));
        assertThat(read(truncated).duration()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void countsOnlyWholeFrames() throws Exception {
        WavInfo wav = read(RiffBuilder.wave().chunk("fmt ", MONO_16K).chunk("data", new byte[3_201]).build());

        assertThat(wav.dataBytes()).isEqualTo(3_200);
        assertThat(wav.duration()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void keepsFractionsOfAMillisecond() throws Exception {
        WavInfo wav = read(RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmt(1, 1, 44_100, 16))
                .chunk("data", new byte[2 * 441]).build());

        assertThat(wav.duration()).isEqualTo(Duration.ofMillis(10));
        assertThat(read(RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmt(1, 1, 44_100, 16))
                .chunk("data", new byte[2]).build()).duration()).isEqualTo(Duration.ofNanos(22_675));
    }

    @Test
    void measuresAnHourOfAudioWithoutHoldingIt() throws Exception {
        long dataBytes = 3_600L * 48_000 * 4;
        byte[] header = RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmt(1, 2, 48_000, 16))
                .chunk("data", dataBytes, new byte[0]).build();

        WavInfo wav = WavReader.read(new SequenceInputStream(new ByteArrayInputStream(header), zeros(dataBytes)));

        assertThat(wav.duration()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesAnEmptyBody() {
        assertInvalid(new byte[0], "empty");
    }

    @Test
    void refusesWhatIsNotRiffWave() {
        assertInvalid("{\"text\": \"not audio\"}".getBytes(StandardCharsets.UTF_8), "not a WAV file");
        assertInvalid("RIFF".getBytes(StandardCharsets.US_ASCII), "not a WAV file");
        assertInvalid(RiffBuilder.form("AVI ").chunk("data", new byte[10]).build(), "not a WAV file");
    }

    @Test
    void refusesAFileWithoutFmtOrDataChunk() {
        assertInvalid(RiffBuilder.wave().build(), "no fmt chunk");
        assertInvalid(RiffBuilder.wave().chunk("fmt ", MONO_16K).build(), "no data chunk");
        assertInvalid(RiffBuilder.wave().chunk("data", new byte[100]).chunk("fmt ", MONO_16K).build(),
                "data chunk comes before its fmt chunk");
    }

    @Test
    void refusesAFmtChunkThatCannotDescribeAudio() {
        assertInvalid(RiffBuilder.wave().chunk("fmt ", new byte[8]).chunk("data", new byte[100]).build(),
                "impossible size");
        assertInvalid(RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmt(1, 0, 16_000, 16))
                .chunk("data", new byte[100]).build(), "no channels");
        assertInvalid(RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmt(1, 1, 0, 16))
                .chunk("data", new byte[100]).build(), "no sample rate");
        assertInvalid(RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmt(0x0011, 1, 16_000, 4))
                .chunk("data", new byte[100]).build(), "0x0011 is not supported");
    }

    @Test
    void refusesATruncatedFile() {
        assertInvalid(RiffBuilder.wave().chunk("fmt ", 16, new byte[10]).build(), "ends inside its fmt chunk");
        assertInvalid(RiffBuilder.wave().chunk("LIST", 100, new byte[10]).build(), "ends inside its 'LIST' chunk");
    }

    @Test
    void refusesAFileWithoutAudio() {
        assertInvalid(RiffBuilder.wave().chunk("fmt ", MONO_16K).chunk("data", new byte[0]).build(), "no audio");
        assertInvalid(RiffBuilder.wave().chunk("fmt ", MONO_16K).chunk("data", new byte[1]).build(), "no audio");
    }

    private static WavInfo read(byte[] bytes) throws InvalidWavException, IOException {
        return WavReader.read(new ByteArrayInputStream(bytes));
    }

    private static void assertInvalid(byte[] bytes, String reason) {
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(InvalidWavException.class).hasMessageContaining(reason);
    }

    /** {@code length} zero bytes, made as they are read. */
    private static InputStream zeros(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
