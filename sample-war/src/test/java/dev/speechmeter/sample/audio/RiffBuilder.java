package dev.speechmeter.sample.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF files chunk by chunk, including the odd ones real recorders write. */
final class RiffBuilder {

    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private final String form;

    private RiffBuilder(String form) {
        this.form = form;
    }

    static RiffBuilder wave() {
        return new RiffBuilder("WAVE");
    }

    static RiffBuilder form(String form) {
        return new RiffBuilder(form);
    }

    static byte[] fmt(int formatTag, int channels, int sampleRate, int bitsPerSample) {
        int blockAlign = channels * bitsPerSample / 8;
        return le(16).putShort((short) formatTag).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bitsPerSample)
                .array();
    }

    /** A chunk with its declared size equal to its content, padded to an even length. */
    RiffBuilder chunk(String id, byte[] content) {
        return chunk(id, content.length, content);
    }

    /** A chunk whose header may lie about its size. */
    RiffBuilder chunk(String id, long declaredSize, byte[] content) {
        chunks.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        chunks.writeBytes(le(4).putInt((int) declaredSize).array());
        chunks.writeBytes(content);
        if (content.length % 2 == 1 && declaredSize == content.length) {
            chunks.write(0);
        }
        return this;
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        ByteArrayOutputStream riff = new ByteArrayOutputStream();
        riff.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        riff.writeBytes(le(4).putInt(body.length + 4).array());
        riff.writeBytes(form.getBytes(StandardCharsets.ISO_8859_1));
        riff.writeBytes(body);
        return riff.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
