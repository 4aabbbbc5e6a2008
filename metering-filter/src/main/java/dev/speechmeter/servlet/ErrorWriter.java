package dev.speechmeter.servlet;

import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes an {@link ApiError} through the configured renderer. */
final class ErrorWriter {

    private final ErrorRenderer renderer;

    ErrorWriter(ErrorRenderer renderer) {
        this.renderer = renderer;
    }

    void send(HttpServletResponse response, ApiError error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = renderer.render(error).getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(error.statusCode());
        response.setContentType(renderer.contentType());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
