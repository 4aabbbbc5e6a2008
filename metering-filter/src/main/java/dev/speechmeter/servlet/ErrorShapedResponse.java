package dev.speechmeter.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The response of a Speechmeter path as the endpoint sees it, except that an error the container
 * or a framework would answer on its own ({@code sendError}: an HTML page; a {@code 405} or
 * {@code 415} with no body) is held back, for the filter to answer in the configured error shape.
 * On metered paths and Speechmeter's own paths a server error's body is held back too, whoever
 * wrote it: it could quote an exception, SQL included.
 */
final class ErrorShapedResponse extends HttpServletResponseWrapper {

    private final boolean replaceServerErrors;
    private volatile boolean errorSent;

    /** @param replaceServerErrors true to hold back every body of a {@code 5xx} status */
    ErrorShapedResponse(HttpServletResponse response, boolean replaceServerErrors) {
        super(response);
        this.replaceServerErrors = replaceServerErrors;
    }

    @Override
    public void sendError(int status) {
        setStatus(status);
        errorSent = true;
    }

    @Override
    public void sendError(int status, String message) {
        sendError(status);
    }

    private boolean holdingBack() {
        return replaceServerErrors && getStatus() >= 500;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        return holdingBack() ? new Discarded() : super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        return holdingBack() ? new PrintWriter(OutputStream.nullOutputStream()) : super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
        if (!holdingBack()) {
            super.flushBuffer();
        }
    }

    /**
     * True when the response is an error still to be written: {@code sendError} was called, or an
     * error status was set with nothing to say (no content type), or a server error's body was
     * held back; and nothing was sent yet.
     */
    boolean awaitsErrorBody() {
        return !isCommitted() && getStatus() >= 400 && (errorSent || getContentType() == null || holdingBack());
    }

    private static final class Discarded extends ServletOutputStream {

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                listener.onWritePossible();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
