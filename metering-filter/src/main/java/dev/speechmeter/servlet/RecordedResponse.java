package dev.speechmeter.servlet;

import dev.speechmeter.spi.StoredResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The response of a request that claimed an idempotency key, as the endpoint writes it: passed on
 * as it is, and its first {@value StoredResponse#MAX_BODY_BYTES} bytes copied, so that a repeat
 * can be answered with it. A larger body is not copied: its repeats are told it was served.
 */
final class RecordedResponse extends HttpServletResponseWrapper {

    /** The headers a repeat gets again; every other header was about the first answer only. */
    static final List<String> KEPT_HEADERS = List.of("Content-Type", "Content-Language", "Content-Disposition",
            "Location", "ETag", "Cache-Control");

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean overflowed;
    private Tee stream;
    private PrintWriter writer;

    RecordedResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called already");
        }
        return stream();
    }

    private synchronized Tee stream() throws IOException {
        if (stream == null) {
            stream = new Tee(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was called already");
            }
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            setCharacterEncoding(charset.name());
            writer = new PrintWriter(new OutputStreamWriter(stream(), charset), false);
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        flushWriter();
        super.flushBuffer();
    }

    @Override
    public synchronized void reset() {
        super.reset();
        copy.reset();
        overflowed = false;
    }

    @Override
    public synchronized void resetBuffer() {
        super.resetBuffer();
        copy.reset();
        overflowed = false;
    }

    /** Hands on what the endpoint's writer still buffers: the container does not know of that writer. */
    synchronized void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }

    /** The response as written so far, for {@code requestId}, to keep for its idempotency key. */
    synchronized StoredResponse stored(UUID requestId) {
        flushWriter();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String value = name.equals("Content-Type") ? getContentType() : getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new StoredResponse(requestId, getStatus(), headers, overflowed ? null : copy.toByteArray());
    }

    private synchronized void copy(byte[] bytes, int offset, int length) {
        if (overflowed) {
            return;
        }
        if (copy.size() + length > StoredResponse.MAX_BODY_BYTES) {
            overflowed = true;
            copy.reset();
            return;
        }
        copy.write(bytes, offset, length);
    }

    private final class Tee extends ForwardingOutputStream {

        Tee(ServletOutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            copy(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            copy(bytes, offset, length);
        }
    }
}
