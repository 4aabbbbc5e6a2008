package dev.speechmeter.servlet;

import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * Tells which media type header of a request is malformed, so that the {@code 400} a framework
 * answers to it names the header instead of saying nothing.
 */
final class MediaTypeHeaders {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(?:\\s*;\\s*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*\\s*");

    private MediaTypeHeaders() {
    }

    /** The malformed {@code Content-Type} or {@code Accept} of the request, or null when both are well-formed. */
    static ValidationError malformed(HttpServletRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && !MEDIA_TYPE.matcher(contentType.strip()).matches()) {
            return new ValidationError("media_type", "header.content-type",
                    "Content-Type must be a media type such as application/json.");
        }
        String accept = request.getHeader("Accept");
        if (accept != null) {
            for (String range : accept.split(",")) {
                if (!range.isBlank() && !MEDIA_TYPE.matcher(range.strip()).matches()) {
                    return new ValidationError("media_type", "header.accept",
                            "Accept must list media types such as application/json or */*.");
                }
            }
        }
        return null;
    }
}
