package dev.speechmeter.rest;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.ErrorRenderer;
import dev.speechmeter.spi.KeyPermission;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What every endpoint that answers a key starts from: the application's runtime and the request's
 * headers, and the call made of them once, authenticated and correlated.
 */
abstract class ApiResource {

    // Field injection: JAX-RS implementations pick resource constructors before CDI is asked.
    @Inject
    MeteringRuntime runtime;

    /** Answers carry X-Correlation-Id: the client's, else its X-Request-Id, else the server's request id. */
    @Context
    HttpHeaders headers;

    /** A call by a key that may read usage; see {@link ApiCall#refusal()}. */
    ApiCall call(String authorization) {
        return ApiCall.authenticate(runtime, authorization).correlatedBy(headers);
    }

    /** A call by a key that may read usage, with errors in {@code renderer}'s style. */
    ApiCall call(String authorization, ErrorRenderer renderer) {
        return ApiCall.authenticate(runtime, authorization, renderer).correlatedBy(headers);
    }

    /** A call by a key that may mint temporary keys. */
    ApiCall mintingCall(String authorization) {
        return ApiCall.minting(runtime, authorization).correlatedBy(headers);
    }

    /** A call by a key that may mint temporary keys granting {@code permission}. */
    ApiCall mintingCall(String authorization, KeyPermission permission) {
        return ApiCall.minting(runtime, authorization, permission).correlatedBy(headers);
    }
}
