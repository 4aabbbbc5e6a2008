package dev.speechmeter.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response of a Speechmeter path as the endpoint sees it, except that an error the container
 * or a framework would answer on its own ({@code sendError}: an HTML page; a {@code 405} or
 * {@code 415} with no body) is held back, for the filter to answer in the configured error shape.
 */
final class ErrorShapedResponse extends HttpServletResponseWrapper {

    private volatile boolean errorSent;

    ErrorShapedResponse(HttpServletResponse response) {
        super(response);
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

    /**
     * True when the response is an error still to be written: {@code sendError} was called, or an
     * error status was set with nothing to say (no content type), and nothing was sent yet.
     */
    boolean awaitsErrorBody() {
        return !isCommitted() && getStatus() >= 400 && (errorSent || getContentType() == null);
    }
}
