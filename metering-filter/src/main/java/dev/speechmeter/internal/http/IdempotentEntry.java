package dev.speechmeter.internal.http;

import dev.speechmeter.internal.engine.IdempotentAttempt;
import dev.speechmeter.internal.engine.IdempotentRequests;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.StoredResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * A metered {@code POST} or {@code PUT} that carries an {@code Idempotency-Key}, on its way through
 * the {@link RequestGate}: once its API key is known to be good, and before it is admitted, its
 * body is read (and kept, for the endpoint) to make its fingerprint, and its idempotency key is
 * claimed for it. A repeat of a completed request is answered with the kept response, and takes no
 * token, no slot and makes no usage entry; a key in use or used for another request is refused.
 */
public final class IdempotentEntry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(IdempotentEntry.class.getName());

    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    /** The response header that marks a repeated response. */
    public static final String REPLAYED = "Idempotent-Replayed";

    /** Where the request's body is read from. */
    @FunctionalInterface
    public interface Body {
        InputStream open() throws IOException;
    }

    private final IdempotentRequests requests;
    private final String key;
    private final String method;
    private final String path;
    private final String query;
    private final Body body;
    private SpooledBody spooled;
    private StoredResponse replay;
    private IdempotentAttempt attempt;

    private IdempotentEntry(IdempotentRequests requests, String key, String method, String path, String query,
                            Body body) {
        this.requests = requests;
        this.key = key;
        this.method = method;
        this.path = path;
        this.query = query;
        this.body = body;
    }

    /**
     * The entry of a request, or null when it has none: it carries no {@code Idempotency-Key}, or
     * it is not a {@code POST} or {@code PUT} (other methods ignore the header).
     *
     * @param path  the path inside the application, as the gate reads it
     * @param query the query string as sent, or null
     */
    public static IdempotentEntry of(IdempotentRequests requests, String method, Function<String, String> header,
                                     String path, String query, Body body) {
        String key = header.apply(HEADER);
        String verb = method.toUpperCase(Locale.ROOT);
        if (key == null || !(verb.equals("POST") || verb.equals("PUT"))) {
            return null;
        }
        return new IdempotentEntry(requests, key, verb, path, query, body);
    }

    /** What is wrong with the key as sent, as the error to answer; null when it is good. */
    ApiError keyError(UUID requestId) {
        String problem = IdempotentRequests.problemWith(key);
        return problem == null ? null : ApiErrors.invalidIdempotencyKey(problem, requestId);
    }

    /**
     * Reads the body and claims the key for the request.
     *
     * @return null when the key is the request's now and it goes on to admission; otherwise how
     *         it ends here: refused, or answered with the kept response ({@link #replay()})
     */
    Passage check(UUID requestId, String correlationId, Caller caller, long maxBodyBytes) {
        MessageDigest fingerprint = IdempotentRequests.fingerprintOf(method, path, query);
        try (InputStream in = body.open()) {
            spooled = SpooledBody.read(in, maxBodyBytes, fingerprint);
        } catch (SpooledBody.TooLarge e) {
            return Passage.refused(requestId, correlationId, ApiErrors.payloadTooLarge(maxBodyBytes, requestId));
        } catch (IOException e) {
            return Passage.refused(requestId, correlationId, ApiErrors.bodyUnreadable(requestId));
        }
        IdempotentRequests.Decision decision;
        try {
            decision = requests.begin(caller.projectId(), key, fingerprint.digest(), requestId);
        } catch (RuntimeException storeDown) {
            LOG.log(System.Logger.Level.WARNING, "Idempotency keys could not be checked for request " + requestId
                    + "; refusing it with 503: " + storeDown);
            return Passage.refused(requestId, correlationId, ApiErrors.idempotencyUnavailable(requestId));
        }
        return switch (decision.claim().outcome()) {
            case CLAIMED -> {
                attempt = decision.attempt();
                yield null;
            }
            case MISMATCH -> Passage.refused(requestId, correlationId, ApiErrors.idempotencyKeyReused(key, requestId));
            case RUNNING -> Passage.refused(requestId, correlationId, ApiErrors.idempotencyKeyInUse(key, requestId));
            case COMPLETED -> {
                StoredResponse kept = decision.claim().response();
                if (!kept.bodyKept()) {
                    yield Passage.refused(requestId, correlationId,
                            ApiErrors.idempotentResponseNotKept(key, kept.requestId().toString(), requestId));
                }
                replay = kept;
                yield Passage.replayed(requestId, correlationId);
            }
        };
    }

    /** The kept response to answer with, when the request is a repeat; else null. */
    public StoredResponse replay() {
        return replay;
    }

    /** The claim of a request that went on to admission, to end when it settles; else null. */
    public IdempotentAttempt attempt() {
        return attempt;
    }

    /** The body as read, for the endpoint; null when it was not read. */
    public SpooledBody body() {
        return spooled;
    }

    /** The request was not admitted after all: its key is released, so that the client may retry with it. */
    public void notAdmitted() {
        if (attempt != null) {
            attempt.release();
        }
        close();
    }

    /** Deletes the body's temporary file, if it has one. */
    @Override
    public void close() {
        if (spooled != null) {
            spooled.close();
        }
    }
}
