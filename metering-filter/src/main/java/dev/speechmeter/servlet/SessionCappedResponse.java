package dev.speechmeter.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A response that ends when a temporary key's longest session is over (SPEC section 6): from
 * the deadline on, writing to it fails with {@link SessionOver} and nothing more reaches the
 * client, so a streaming endpoint stops at its next write.
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

    private void check() throws SessionOver {
        if (!clock.instant().isBefore(deadline)) {
            throw new SessionOver();
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            ServletOutputStream out = super.getOutputStream();
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    check();
                    out.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    check();
                    out.write(bytes, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    check();
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }

                @Override
                public boolean isReady() {
                    return out.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    out.setWriteListener(listener);
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            // A PrintWriter keeps write errors to itself (checkError()); after the deadline the
            // text goes nowhere.
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        check();
        super.flushBuffer();
    }
}
