package dev.speechmeter.sample.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads a RIFF/WAVE stream far enough to know its format and how long its audio is, without
 * keeping the audio in memory. Chunks other than {@code fmt } and {@code data} (LIST, fact, cue,
 * ...) are skipped; a {@code data} chunk whose declared size is unknown (0 or 0xFFFFFFFF, as
 * streaming writers leave it) or larger than what was sent counts the bytes that really came.
 *
 * <pre>{@code
 * WavInfo wav = WavReader.read(request.getInputStream());
 * Duration audio = wav.duration();
 * }</pre>
 */
public final class WavReader {

    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int A_LAW = 6;
    private static final int MU_LAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final Set<Integer> MEASURABLE = Set.of(PCM, IEEE_FLOAT, A_LAW, MU_LAW, EXTENSIBLE);

    /** A {@code fmt } chunk is 16 to 40 bytes; anything much larger is not a header. */
    private static final int MAX_FMT_SIZE = 1024;
    private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];

    private WavReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the stream up to the end of its {@code data} chunk.
     *
     * @throws InvalidWavException when the bytes are not a WAV file with measurable audio
     * @throws IOException         when reading the stream itself fails
     */
    public static WavInfo read(InputStream in) throws InvalidWavException, IOException {
        return new WavReader(in).read();
    }

    private WavInfo read() throws InvalidWavException, IOException {
        byte[] riff = new byte[12];
        int got = readFully(riff);
        if (got == 0) {
            throw new InvalidWavException("The request body is empty; send a WAV file.");
        }
        if (got < riff.length || !fourCc(riff, 0).equals("RIFF") || !fourCc(riff, 8).equals("WAVE")) {
            throw new InvalidWavException("The request body is not a WAV file (no RIFF/WAVE header).");
        }
        Format format = null;
        byte[] header = new byte[8];
        while (true) {
            got = readFully(header);
            if (got < header.length) {
                throw new InvalidWavException(format == null
                        ? "The WAV file has no fmt chunk."
                        : "The WAV file has no data chunk.");
            }
            String id = fourCc(header, 0);
            long size = uint32(header, 4);
            switch (id) {
                case "fmt " -> format = readFormat(size);
                case "data" -> {
                    if (format == null) {
                        throw new InvalidWavException("The WAV file's data chunk comes before its fmt chunk.");
                    }
                    return measure(format, size);
                }
                default -> skip(size + (size & 1), id);
            }
        }
    }

    private Format readFormat(long size) throws InvalidWavException, IOException {
        if (size < 16 || size > MAX_FMT_SIZE) {
            throw new InvalidWavException("The WAV file's fmt chunk has an impossible size (" + size + " bytes).");
        }
        byte[] fmt = new byte[(int) (size + (size & 1))];
        if (readFully(fmt) < size) {
            throw new InvalidWavException("The WAV file ends inside its fmt chunk.");
        }
        int formatTag = uint16(fmt, 0);
        int channels = uint16(fmt, 2);
        long sampleRate = uint32(fmt, 4);
        int blockAlign = uint16(fmt, 12);
        int bitsPerSample = uint16(fmt, 14);
        if (!MEASURABLE.contains(formatTag)) {
            throw new InvalidWavException(String.format(
                    "The WAV encoding 0x%04X is not supported; send PCM, IEEE float, A-law or mu-law audio.", formatTag));
        }
        if (channels == 0 || sampleRate == 0 || sampleRate > Integer.MAX_VALUE || bitsPerSample == 0) {
            throw new InvalidWavException("The WAV file's fmt chunk declares no channels, no sample rate or no sample size.");
        }
        int frameBytes = channels * ((bitsPerSample + 7) / 8);
        if (blockAlign == 0) {
            blockAlign = frameBytes;
        }
        if (blockAlign < frameBytes) {
            throw new InvalidWavException("The WAV file's block align (" + blockAlign + ") is smaller than one frame ("
                    + frameBytes + " bytes).");
        }
        return new Format(formatTag, channels, (int) sampleRate, bitsPerSample, blockAlign);
    }

    private WavInfo measure(Format format, long declared) throws InvalidWavException, IOException {
        boolean sizeUnknown = declared == 0 || declared == UNKNOWN_SIZE;
        long limit = sizeUnknown ? Long.MAX_VALUE : declared;
        long counted = 0;
        while (counted < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - counted));
            if (n < 0) {
                break;
            }
            counted += n;
        }
        long whole = counted - counted % format.blockAlign;
        if (whole == 0) {
            throw new InvalidWavException("The WAV file holds no audio.");
        }
        return new WavInfo(format.formatTag, format.channels, format.sampleRate, format.bitsPerSample,
                format.blockAlign, whole);
    }

    private void skip(long bytes, String id) throws InvalidWavException, IOException {
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new InvalidWavException("The WAV file ends inside its '" + printable(id) + "' chunk.");
            }
            left -= n;
        }
    }

    /** Reads until the array is full or the stream ends; returns how many bytes came. */
    private int readFully(byte[] target) throws IOException {
        int filled = 0;
        while (filled < target.length) {
            int n = in.read(target, filled, target.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static String fourCc(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String id) {
        return id.chars().allMatch(c -> c >= ' ' && c <= '~') ? id : "?";
    }

    private static int uint16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    private static long uint32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8
                | (bytes[offset + 2] & 0xFFL) << 16 | (bytes[offset + 3] & 0xFFL) << 24;
    }

    private record Format(int formatTag, int channels, int sampleRate, int bitsPerSample, int blockAlign) {
    }
}
