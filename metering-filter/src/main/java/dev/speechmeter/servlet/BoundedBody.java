package dev.speechmeter.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body of undeclared length (chunked) held to the same byte limit as a declared one:
 * the read that passes the limit fails with {@link TooLarge}, which the filter answers {@code 413}.
 */
final class BoundedBody extends ServletInputStream {

    /** The body passed the limit; what the endpoint read so far is all it gets. */
    static final class TooLarge extends IOException {

        private static final long serialVersionUID = 1L;

        TooLarge(long maxBytes) {
            super("The request body is larger than " + maxBytes + " bytes", null);
        }
    }

    private final ServletInputStream body;
    private final long maxBytes;
    private long read;
    private volatile boolean exceeded;

    BoundedBody(ServletInputStream body, long maxBytes) {
        this.body = body;
        this.maxBytes = maxBytes;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = body.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = body.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int bytes) throws TooLarge {
        read += bytes;
        if (read > maxBytes) {
            exceeded = true;
            throw new TooLarge(maxBytes);
        }
    }

    @Override
    public int available() throws IOException {
        return body.available();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    @Override
    public boolean isFinished() {
        return body.isFinished();
    }

    @Override
    public boolean isReady() {
        return body.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        body.setReadListener(listener);
    }
}
