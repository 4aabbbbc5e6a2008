package dev.speechmeter.rest;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.AuthenticationFailure;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.internal.http.RequestHeaders;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.ErrorRenderer;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.TemporaryGrant;
import jakarta.json.JsonStructure;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One call to a Speechmeter endpoint: its request id, the caller behind its key, and the error
 * responses every endpoint shares.
 */
final class ApiCall {

    private static final System.Logger LOG = System.getLogger(ApiCall.class.getName());

    private final ErrorRenderer renderer;
    private final UUID requestId;
    private final Caller caller;
    private final Response refusal;
    private final String correlationId;

    private ApiCall(ErrorRenderer renderer, UUID requestId, Caller caller, Response refusal) {
        this(renderer, requestId, caller, refusal, null);
    }

    private ApiCall(ErrorRenderer renderer, UUID requestId, Caller caller, Response refusal, String correlationId) {
        this.renderer = renderer;
        this.requestId = requestId;
        this.caller = caller;
        this.refusal = refusal;
        this.correlationId = correlationId;
    }

    /**
     * This call, answering with its correlation id as {@code X-Correlation-Id} on every response,
     * errors included: the client's {@code X-Correlation-Id}, else its {@code X-Request-Id}, else
     * the server's request id. The server's id stays in {@code X-Request-Id}.
     */
    ApiCall correlatedBy(HttpHeaders headers) {
        Function<String, String> header = headers == null ? name -> null : headers::getHeaderString;
        return new ApiCall(renderer, requestId, caller, refusal, RequestHeaders.correlationId(header, requestId));
    }

    /**
     * Gives the call an id and authenticates its key; see {@link #refusal()}. Errors are in the
     * style the deployer configured.
     */
    static ApiCall authenticate(MeteringRuntime runtime, String authorization) {
        return authenticate(runtime, authorization, runtime.errorRenderer());
    }

    /**
     * Like {@link #authenticate(MeteringRuntime, String)}, with errors rendered by
     * {@code renderer}. A temporary key is refused with {@code 403}, unless it was minted to read
     * usage ({@link TemporaryGrant#USAGE_READ}); so is a key without {@link KeyPermission#USAGE_READ}.
     */
    static ApiCall authenticate(MeteringRuntime runtime, String authorization, ErrorRenderer renderer) {
        ApiCall call = authenticateAnyKey(runtime, authorization, renderer);
        if (call.caller != null && call.caller.isTemporary() && !call.caller.temporary().readsUsage()) {
            return call.refuse(ApiErrors.temporaryKeyScope(call.caller.temporary()));
        }
        return call.requiring(KeyPermission.USAGE_READ);
    }

    /**
     * Authenticates a call that mints temporary keys: a permanent key with
     * {@link KeyPermission#SPEECH}. A temporary key is a {@code 400} on {@code header.authorization}.
     */
    static ApiCall minting(MeteringRuntime runtime, String authorization) {
        return minting(runtime, authorization, KeyPermission.SPEECH);
    }

    /**
     * Like {@link #minting(MeteringRuntime, String)}, for keys that grant {@code permission}: the
     * minting key must hold it.
     */
    static ApiCall minting(MeteringRuntime runtime, String authorization, KeyPermission permission) {
        ApiCall call = authenticateAnyKey(runtime, authorization, runtime.errorRenderer()).requiring(permission);
        if (call.caller != null && call.caller.isTemporary()) {
            return new ApiCall(call.renderer, call.requestId, null, call.invalid(List.of(new ValidationError(
                    "permanent_key_required", "header.authorization",
                    "A temporary API key cannot mint another key; use a permanent key."))));
        }
        return call;
    }

    /** This call, or a {@code 403} one when its key lacks {@code permission}. */
    ApiCall requiring(KeyPermission permission) {
        return caller == null || caller.may(permission) ? this : refuse(ApiErrors.missing(permission));
    }

    private ApiCall refuse(String message) {
        return new ApiCall(renderer, requestId, null, ApiResponses.error(renderer,
                ApiErrors.permissionDenied(message, requestId)));
    }

    /** Like {@link #authenticate(MeteringRuntime, String)}, temporary keys included. */
    static ApiCall authenticateAnyKey(MeteringRuntime runtime, String authorization, ErrorRenderer renderer) {
        MeteringEngine engine = runtime.engine();
        UUID requestId = engine.newRequestId();
        try {
            return new ApiCall(renderer, requestId, engine.authenticate(authorization, runtime.clientAddress()), null);
        } catch (AuthenticationFailure failure) {
            return new ApiCall(renderer, requestId, null, ApiResponses.error(renderer,
                    ApiErrors.authenticationFailed(failure, requestId)));
        } catch (RuntimeException directoryDown) {
            LOG.log(System.Logger.Level.WARNING, "API keys could not be checked for request " + requestId
                    + "; refusing it with 503: " + directoryDown);
            return new ApiCall(renderer, requestId, null, ApiResponses.error(renderer,
                    ApiErrors.keysUnavailable(requestId)));
        }
    }

    /** A call that carries no API key, such as an administrator's: its id and the error responses. */
    static ApiCall withoutKey(MeteringRuntime runtime) {
        return new ApiCall(runtime.errorRenderer(), runtime.engine().newRequestId(), null, null);
    }

    /** The 401 to answer, or null when the key is good. */
    Response refusal() {
        return refusal == null ? null : echoed(refusal);
    }

    private Response echoed(Response response) {
        return correlationId == null ? response
                : Response.fromResponse(response).header(RequestHeaders.CORRELATION_ID, correlationId).build();
    }

    Caller caller() {
        return caller;
    }

    UUID requestId() {
        return requestId;
    }

    /** Any error of this call, rendered in its style. */
    Response error(ApiError error) {
        return echoed(ApiResponses.error(renderer, error));
    }

    Response ok(JsonStructure body) {
        return echoed(ApiResponses.ok(body, requestId));
    }

    Response created(JsonStructure body) {
        return echoed(ApiResponses.created(body, requestId));
    }

    Response invalid(List<ValidationError> errors) {
        return echoed(ApiResponses.error(renderer, new ApiError(400, "invalid_request",
                "The request is not valid: " + errors.get(0).message(), errors, requestId.toString())));
    }

    Response notFound(String message) {
        return echoed(ApiResponses.error(renderer, ApiErrors.notFound(message, requestId)));
    }

    Response unauthenticated(String message) {
        return echoed(ApiResponses.error(renderer, ApiErrors.unauthenticated(message, requestId)));
    }

    Response noContent() {
        return echoed(ApiResponses.noStore(Response.noContent().header(RequestHeaders.REQUEST_ID, requestId.toString()))
                .build());
    }

    Response permissionDenied(String message) {
        return echoed(ApiResponses.error(renderer, ApiErrors.permissionDenied(message, requestId)));
    }

    Response noUsageLog() {
        return notFound("This server keeps no usage log: add a store such as metering-jpa.");
    }

    /** A UUID from a path parameter; empty when the text is not one (the resource then is not found). */
    static Optional<UUID> pathId(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
