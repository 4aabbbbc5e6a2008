package dev.speechmeter.internal.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A request body read in full before the request is admitted, so that its fingerprint is known
 * first, and then given to the endpoint as if unread: in memory up to {@value #IN_MEMORY_BYTES}
 * bytes, beyond that in a temporary file, deleted on {@link #close()}.
 */
public final class SpooledBody implements AutoCloseable {

    /** The most kept in memory: 1 MiB. */
    static final int IN_MEMORY_BYTES = 1024 * 1024;

    private final byte[] bytes;
    private final Path file;
    private final long length;

    private SpooledBody(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    /** A body longer than allowed: nothing of it is kept. */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("The body is larger than allowed");
        }
    }

    /**
     * Reads {@code in} to its end, feeding every byte to {@code digest}.
     *
     * @throws TooLarge    when it holds more than {@code maxBytes}
     * @throws IOException when it cannot be read (the client went away)
     */
    static SpooledBody read(InputStream in, long maxBytes, MessageDigest digest) throws IOException {
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        Path file = null;
        OutputStream out = memory;
        long length = 0;
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                length += n;
                if (length > maxBytes) {
                    throw new TooLarge();
                }
                digest.update(buffer, 0, n);
                if (file == null && length > IN_MEMORY_BYTES) {
                    file = Files.createTempFile("speechmeter-body-", ".bin");
                    out = Files.newOutputStream(file);
                    memory.writeTo(out);
                }
                out.write(buffer, 0, n);
            }
            out.close();
            return file == null ? new SpooledBody(memory.toByteArray(), null, length) : new SpooledBody(null, file, length);
        } catch (IOException | RuntimeException | Error e) {
            if (file != null) {
                out.close();
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    public long length() {
        return length;
    }

    /** The body from its start. */
    public InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.getLogger(SpooledBody.class.getName()).log(System.Logger.Level.WARNING,
                        "A spooled request body could not be deleted: " + file);
            }
        }
    }
}
