package dev.speechmeter.internal.http;

import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.AuthenticationFailure;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.function.Function;

/**
 * The steps every metered request goes through before its endpoint runs, shared by the
 * servlet filter, the CDI interceptor and metered WebSocket streams: request id, correlation id,
 * key, permission, input checks, admission. The adapter only renders the refusal or runs the endpoint and settles.
 */
public final class RequestGate {

    private static final System.Logger LOG = System.getLogger(RequestGate.class.getName());

    private final MeteringEngine engine;

    public RequestGate(MeteringEngine engine) {
        this.engine = engine;
    }

    /** Lets a servlet request in: its headers, declared length and path inside the application. */
    public Passage enter(HttpServletRequest request, MeteredEndpoint endpoint) {
        return enter(request, endpoint, null);
    }

    /**
     * As {@link #enter(HttpServletRequest, MeteredEndpoint)}, for a request that carries an
     * idempotency key: checked after the API key, before admission.
     *
     * @param idempotent the request's idempotency entry, or null when it has none
     */
    public Passage enter(HttpServletRequest request, MeteredEndpoint endpoint, IdempotentEntry idempotent) {
        return enter(request::getHeader, request.getContentLengthLong(), pathOf(request), request.getRemoteAddr(),
                endpoint, idempotent);
    }

    /**
     * The decoded, normalized path inside the application (servlet path and path info), so that no
     * spelling of a URL escapes its mapping.
     */
    public static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        String path = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    /**
     * @param header        the request's header values by name
     * @param contentLength the declared body length, -1 when unknown
     * @param path          the path inside the application
     * @param clientAddress the client's address, for limiting its failed authentications; null if unknown
     */
    public Passage enter(Function<String, String> header, long contentLength, String path, String clientAddress,
                         MeteredEndpoint endpoint) {
        return enter(header, contentLength, path, clientAddress, endpoint, null);
    }

    private Passage enter(Function<String, String> header, long contentLength, String path, String clientAddress,
                          MeteredEndpoint endpoint, IdempotentEntry idempotent) {
        UUID requestId = engine.newRequestId();
        String correlationId = RequestHeaders.correlationId(header, requestId);
        String reference = header.apply(RequestHeaders.CLIENT_REFERENCE_ID);
        Caller caller;
        try {
            caller = engine.authenticate(header.apply("Authorization"), clientAddress);
        } catch (AuthenticationFailure failure) {
            return Passage.refused(requestId, correlationId, ApiErrors.authenticationFailed(failure, requestId));
        } catch (RuntimeException directoryDown) {
            return keysUnavailable(requestId, correlationId, directoryDown);
        }
        ApiError invalid = headerError(contentLength, reference, requestId);
        if (invalid == null && idempotent != null) {
            invalid = idempotent.keyError(requestId);
        }
        return admit(requestId, correlationId, caller, endpoint, path, invalid, reference, idempotent);
    }

    /**
     * Lets a stream in when its configuration message has come: the key it carried, the same
     * checks as every request, then admission. The slot taken is held until the passage settles.
     *
     * @param requestId         the stream's id, made when it opened
     * @param key               the {@code api_key} of the configuration, possibly null
     * @param clientReferenceId the configuration's {@code client_reference_id}, or null
     * @param invalidInput      what is wrong with the configuration, answered once the key is
     *                          known to be good; null when nothing is
     */
    public Passage enterStream(UUID requestId, String key, String clientReferenceId, ApiError invalidInput,
                               String path, MeteredEndpoint endpoint) {
        Caller caller;
        try {
            caller = engine.authenticateKey(key);
        } catch (AuthenticationFailure failure) {
            return Passage.refused(requestId, null, ApiErrors.unauthenticated(failure.getMessage(), requestId));
        } catch (RuntimeException directoryDown) {
            return keysUnavailable(requestId, null, directoryDown);
        }
        return admit(requestId, null, caller, endpoint, path, invalidInput, clientReferenceId, null);
    }

    /** Fail closed: a key that cannot be checked is not honoured. */
    private static Passage keysUnavailable(UUID requestId, String correlationId, RuntimeException cause) {
        LOG.log(System.Logger.Level.WARNING, "API keys could not be checked for request " + requestId
                + "; refusing it with 503: " + cause);
        return Passage.refused(requestId, correlationId, ApiErrors.keysUnavailable(requestId));
    }

    private ApiError headerError(long contentLength, String reference, UUID requestId) {
        long maxBytes = engine.config().maxRequestBytes();
        if (contentLength > maxBytes) {
            return ApiErrors.payloadTooLarge(maxBytes, requestId);
        }
        if (reference != null && reference.length() > UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH) {
            return ApiErrors.invalidRequest("header.x-client-reference-id", "string_too_long",
                    "X-Client-Reference-Id must have at most " + UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH
                            + " characters", requestId);
        }
        return null;
    }

    private Passage admit(UUID requestId, String correlationId, Caller caller, MeteredEndpoint endpoint, String path,
                          ApiError invalidInput, String reference, IdempotentEntry idempotent) {
        if (!caller.may(KeyPermission.SPEECH)) {
            return Passage.refused(requestId, correlationId, ApiErrors.permissionDenied(
                    ApiErrors.missing(KeyPermission.SPEECH), requestId));
        }
        if (caller.isTemporary() && !caller.temporary().allows(endpoint.requestScope())) {
            return Passage.refused(requestId, correlationId, ApiErrors.permissionDenied(
                    ApiErrors.temporaryKeyScope(caller.temporary()), requestId));
        }
        if (invalidInput != null) {
            return Passage.refused(requestId, correlationId, invalidInput);
        }
        if (idempotent != null) {
            // Before admission: a repeat takes no token, no slot and makes no entry.
            Passage answered = idempotent.check(requestId, correlationId, caller, engine.config().maxRequestBytes());
            if (answered != null) {
                return answered;
            }
        }
        Admission admission;
        try {
            admission = engine.admit(requestId, correlationId, caller, endpoint, path);
        } catch (LimitStoreUnavailableException e) {
            return Passage.refused(requestId, correlationId, ApiErrors.limitsUnavailable(requestId));
        } catch (UsageUnavailableException e) {
            return Passage.refused(requestId, correlationId, ApiErrors.usageUnavailable(requestId));
        }
        if (!admission.admitted()) {
            admission.settle(429, Usage.NONE, reference);
            return Passage.rejected(requestId, correlationId, ApiErrors.limitExceeded(admission.rejection(), requestId),
                    admission.rejection(), engine.quotas(admission));
        }
        try {
            // Only an admitted request spends a single-use key, so the retry a 429 invites can still use it.
            engine.use(caller);
        } catch (AuthenticationFailure failure) {
            admission.settle(401, Usage.NONE, reference);
            return Passage.refused(requestId, correlationId, ApiErrors.unauthenticated(failure.getMessage(), requestId));
        } catch (RuntimeException directoryDown) {
            admission.settle(503, Usage.NONE, reference);
            return keysUnavailable(requestId, correlationId, directoryDown);
        }
        return Passage.admitted(requestId, correlationId, admission, reference, engine.quotas(admission), engine.jobs());
    }
}
