package dev.speechmeter.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A response whose end the client does not get before the request's usage entry is durable, for
 * {@code sync} durability: everything the endpoint writes goes out as it is written, but its last
 * byte, and a declared length of zero, wait for {@link #release()}. A response with a
 * {@code Content-Length} is incomplete for the client without its last byte; a chunked one lacks
 * its last chunk; a body-less one lacks its headers. Nothing is buffered beyond one byte, so large
 * and streamed bodies flow as before. If the entry cannot be made durable, {@link #abandon()}
 * makes sure the client never holds the response as complete. A request that goes asynchronous
 * stays held back until its endpoint completes it, from whichever thread; one dispatched again
 * stops being held back ({@link #passThrough()}), as its next pass ends it.
 */
final class HeldBackResponse extends HttpServletResponseWrapper {

    private HeldStream stream;
    private PrintWriter writer;
    /** A {@code Content-Length: 0} the endpoint declared: given to the container only on release. */
    private boolean emptyDeclared;
    /** The endpoint asked for the headers to go out while it had written nothing. */
    private boolean flushWanted;
    /** Nothing is held back any more: the request was dispatched again. */
    private volatile boolean passingThrough;

    HeldBackResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called already");
        }
        if (passingThrough && stream == null) {
            return super.getOutputStream();
        }
        return stream();
    }

    private HeldStream stream() throws IOException {
        if (stream == null) {
            stream = new HeldStream(super.getOutputStream());
            stream.passThrough = passingThrough;
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (passingThrough && writer == null && stream == null) {
            // The container's own writer, which the container flushes when it ends the response.
            return super.getWriter();
        }
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was called already");
            }
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            // The container names the charset of a writer in the Content-Type; so does this one.
            setCharacterEncoding(charset.name());
            writer = new PrintWriter(new OutputStreamWriter(stream(), charset), false);
        }
        return writer;
    }

    @Override
    public void setContentLength(int length) {
        setContentLengthLong(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        if (passingThrough) {
            super.setContentLengthLong(length);
            return;
        }
        // Some containers end a response as soon as its declared length is written, and a length
        // of zero is written already: that one waits for the release.
        emptyDeclared = length == 0;
        if (length != 0) {
            super.setContentLengthLong(length);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (isContentLength(name)) {
            setContentLengthLong(parseLength(value));
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (isContentLength(name)) {
            setContentLengthLong(parseLength(value));
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.addIntHeader(name, value);
        }
    }

    private static boolean isContentLength(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).equals("content-length");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (!passingThrough && (stream == null || stream.written == 0)) {
            // Headers alone could be the whole response: they go out on release.
            flushWanted = true;
            return;
        }
        super.flushBuffer();
    }

    @Override
    public void reset() {
        super.reset();
        emptyDeclared = false;
        if (stream != null) {
            stream.held = -1;
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        if (stream != null) {
            stream.held = -1;
        }
    }

    /**
     * From now on nothing is held back: what is held goes out, and every later write goes straight
     * through. For a request dispatched again, whose end is its next pass's to decide.
     */
    void passThrough() {
        passingThrough = true;
        try {
            release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry is durable: the rest of the response goes to the client. */
    void release() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (emptyDeclared && (stream == null || stream.written == 0)) {
            super.setContentLengthLong(0);
        }
        if (stream != null) {
            stream.release(passingThrough);
        }
        if (flushWanted && !isCommitted()) {
            super.flushBuffer();
        }
    }

    /**
     * The entry could not be made durable. A response not yet begun can still be replaced (the
     * caller then answers with an error); one already begun is cut short, without its last byte.
     *
     * @return true when the response can still be replaced
     */
    boolean abandon() {
        if (stream != null) {
            stream.held = -1;
            stream.abandoned = true;
        }
        if (isCommitted()) {
            return false;
        }
        super.reset();
        return true;
    }

    /** Writes everything but the last byte it was given, which waits for the release. */
    private static final class HeldStream extends ForwardingOutputStream {

        private int held = -1;
        private long written;
        private boolean closed;
        private boolean abandoned;
        private volatile boolean passThrough;

        HeldStream(ServletOutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (abandoned) {
                throw new IOException("The response was abandoned");
            }
            written++;
            if (passThrough) {
                out.write(b);
                return;
            }
            if (held >= 0) {
                out.write(held);
            }
            held = b & 0xFF;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length <= 0) {
                return;
            }
            if (abandoned) {
                throw new IOException("The response was abandoned");
            }
            written += length;
            if (passThrough) {
                out.write(bytes, offset, length);
                return;
            }
            if (held >= 0) {
                out.write(held);
            }
            out.write(bytes, offset, length - 1);
            held = bytes[offset + length - 1] & 0xFF;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** The endpoint is done with the body; the container ends the response after the release. */
        @Override
        public void close() throws IOException {
            closed = true;
            if (passThrough) {
                out.close();
            }
        }

        void release(boolean passThrough) throws IOException {
            this.passThrough = passThrough;
            if (held >= 0) {
                out.write(held);
                held = -1;
            }
            if (closed) {
                out.close();
            }
        }
    }
}
