package dev.speechmeter.spi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The response kept for an idempotency key, to answer its repeats with.
 *
 * @param requestId the id of the request that made it, which a repeat answers with as its own
 * @param status    its status, a {@code 2xx}
 * @param headers   the headers worth repeating (such as {@code Content-Type} and
 *                  {@code Location}), by name
 * @param body      its body; null when it was larger than the store keeps, and only the fact that
 *                  the request was served is kept
 */
public record StoredResponse(UUID requestId, int status, Map<String, String> headers, byte[] body) {

    /** The largest body kept: 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public StoredResponse {
        Objects.requireNonNull(requestId, "requestId");
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("Only a 2xx response is kept, not " + status);
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("A kept body has at most " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** Whether the body was kept, so that the response can be repeated. */
    public boolean bodyKept() {
        return body != null;
    }

    /** The headers as one text, one {@code name: value} a line, as a store may keep them. */
    public String headerLines() {
        StringBuilder lines = new StringBuilder();
        headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append('\n'));
        return lines.toString();
    }

    /** The headers of {@link #headerLines()}. */
    public static Map<String, String> parseHeaderLines(String lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (lines != null) {
            lines.lines().filter(line -> line.indexOf(": ") > 0).forEach(line -> {
                int colon = line.indexOf(": ");
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            });
        }
        return headers;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredResponse that && requestId.equals(that.requestId) && status == that.status
                && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, status, headers) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StoredResponse[" + requestId + ", " + status + ", " + headers + ", "
                + (body == null ? "body not kept" : body.length + " bytes") + "]";
    }
}
