package dev.speechmeter.servlet;

import dev.speechmeter.UnmeteredRequestException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response of a request that waits for a slot: it gives no way to answer until the filter
 * opens it, on the dispatch that serves the request after its wait. A dispatch that does not pass
 * the filter (no {@code ASYNC} dispatcher in its mapping) reaches an endpoint that cannot write:
 * it is refused, never served without its admission.
 */
final class GuardedResponse extends HttpServletResponseWrapper {

    private final String path;
    private volatile boolean open;

    GuardedResponse(HttpServletResponse response, String path) {
        super(response);
        this.path = path;
    }

    /** The filter serves the request now: the endpoint may answer. */
    void open() {
        open = true;
    }

    private void guard() {
        if (!open) {
            throw UnmeteredRequestException.at(path);
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        guard();
        return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        guard();
        return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
        guard();
        super.flushBuffer();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        guard();
        super.sendRedirect(location);
    }

    @Override
    public void setStatus(int status) {
        if (open || status >= 400) {
            super.setStatus(status);
        }
    }
}
