package dev.speechmeter.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A response that ends when a temporary key's longest session is over: from
 * the deadline on, writing to it fails with {@link SessionOver} and nothing more reaches the
 * client, so a streaming endpoint stops at its next write. What was written before the deadline
 * is sent, whether through the output stream or the writer.
 */
final class SessionCappedResponse extends HttpServletResponseWrapper {

    /** The response outlived the session its key allows. */
    static final class SessionOver extends IOException {

        private static final long serialVersionUID = 1L;

        SessionOver() {
            super("The session reached the longest duration its temporary key allows", null);
        }
    }

    private final InstantSource clock;
    private final Instant deadline;
    private ServletOutputStream stream;
    private PrintWriter writer;

    SessionCappedResponse(HttpServletResponse response, InstantSource clock, Instant deadline) {
        super(response);
        this.clock = clock;
        this.deadline = deadline;
    }

    private boolean over() {
        return !clock.instant().isBefore(deadline);
    }

    private void check() throws SessionOver {
        if (over()) {
            throw new SessionOver();
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            ServletOutputStream out = super.getOutputStream();
            stream = new ForwardingOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    check();
                    super.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    check();
                    super.write(bytes, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    check();
                    super.flush();
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new CappedWriter(super.getWriter());
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        check();
        super.flushBuffer();
    }

    /**
     * The container's writer, capped. A {@link PrintWriter} keeps write errors to itself, so a
     * write from the deadline on throws an unchecked exception caused by {@link SessionOver}
     * instead: the endpoint stops there, as it does at a write to the output stream. An endpoint
     * that asks {@link #checkError()} before writing sees {@code true} from the deadline on and
     * writes nothing more. Each write is checked when it is made, and goes to the container at
     * once: text written before the deadline is sent even if the endpoint never flushes it.
     */
    private final class CappedWriter extends PrintWriter {

        private final PrintWriter container;

        CappedWriter(PrintWriter container) {
            super(container, false);
            this.container = container;
        }

        private void admit() {
            if (over()) {
                throw new UncheckedIOException(new SessionOver());
            }
        }

        @Override
        public void write(int c) {
            admit();
            super.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            admit();
            super.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            admit();
            super.write(s, off, len);
        }

        @Override
        public void println() {
            // PrintWriter writes the line separator past the write methods.
            admit();
            super.println();
        }

        @Override
        public void flush() {
            admit();
            super.flush();
        }

        @Override
        public boolean checkError() {
            return over() || container.checkError();
        }
    }
}
