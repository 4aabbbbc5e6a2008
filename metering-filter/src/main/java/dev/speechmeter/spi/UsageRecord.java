package dev.speechmeter.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One settled request, as the engine hands it to the {@link UsageLedger}.
 *
 * @param requestId       server-made, time-ordered id; the usage entry's {@code uuid}
 * @param correlationId   the client's X-Correlation-Id, else its X-Request-Id, else the
 *                        server's request id; null for a stream
 * @param caller          who made the request
 * @param requestScope    e.g. {@code transcribe_async}, {@code tts_rest}
 * @param endpoint        the request path
 * @param method          {@code sync}, {@code async} or {@code streaming}
 * @param statusCode      the HTTP status the client got
 * @param clientReferenceId the reference the caller attached, or null
 * @param startTime       when the request was admitted
 * @param endTime         when its response completed
 * @param usage           what the endpoint reported
 * @param costs           priced from the price table; zero when not billable
 * @param labels          the endpoint's capacity labels, all three, debited when billable; null when it has none
 */
public record UsageRecord(UUID requestId, String correlationId, Caller caller, String requestScope,
                          String endpoint, String method, int statusCode, String clientReferenceId,
                          Instant startTime, Instant endTime, Usage usage, Costs costs, LabelSet labels) {

    /** A record of an endpoint without capacity labels. */
    public UsageRecord(UUID requestId, String correlationId, Caller caller, String requestScope,
                       String endpoint, String method, int statusCode, String clientReferenceId,
                       Instant startTime, Instant endTime, Usage usage, Costs costs) {
        this(requestId, correlationId, caller, requestScope, endpoint, method, statusCode, clientReferenceId,
                startTime, endTime, usage, costs, null);
    }

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestScope, "requestScope");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(costs, "costs");
        if (labels != null && !labels.isComplete()) {
            throw new IllegalArgumentException("A request's labels name technology, vendor and operation, not "
                    + labels);
        }
    }

    /** A 2xx: billed, shown in the usage log. Anything else is recorded only as a failed request. */
    public boolean billable() {
        return statusCode >= 200 && statusCode < 300;
    }

    /**
     * The processed audio this record debits from its labels' capacities, in milliseconds: the
     * audio the endpoint received, when the record is billable and has labels; else zero.
     */
    public long debitMs() {
        return billable() && labels != null ? usage.inputAudioDurationMs() : 0;
    }
}
