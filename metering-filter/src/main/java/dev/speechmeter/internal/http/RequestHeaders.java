package dev.speechmeter.internal.http;

import dev.speechmeter.internal.engine.StorableRecords;
import java.util.UUID;
import java.util.function.Function;

/** Reading the request headers of the API: request ids, keys, client references. */
public final class RequestHeaders {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String CLIENT_REFERENCE_ID = "X-Client-Reference-Id";
    public static final String RETRY_AFTER = "Retry-After";

    /** Longest correlation id kept; a longer one is ignored. */
    public static final int MAX_CORRELATION_ID_LENGTH = StorableRecords.MAX_CORRELATION_ID;

    private RequestHeaders() {
    }

    /**
     * The request's correlation id: the client's {@code X-Correlation-Id}, else its
     * {@code X-Request-Id}, each taken only if printable ASCII of at most 128 characters (a value
     * that is not is ignored, never an error); when neither is usable, the server's own
     * {@code requestId}. Never null.
     */
    public static String correlationId(Function<String, String> header, UUID requestId) {
        String fromCorrelationId = printable(header.apply(CORRELATION_ID));
        if (fromCorrelationId != null) {
            return fromCorrelationId;
        }
        String fromRequestId = printable(header.apply(REQUEST_ID));
        return fromRequestId != null ? fromRequestId : requestId.toString();
    }

    private static String printable(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_CORRELATION_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c > '~') {
                return null;
            }
        }
        return value;
    }
}
