package dev.speechmeter.rest;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ApiError.ValidationError;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The admin endpoints take only {@code application/json} bodies. A browser can send a form or
 * {@code text/plain} to another site without asking it first, with the admin's saved credentials;
 * it cannot send JSON that way. So a cross-site form post is {@code 415}, and changes nothing.
 */
@Provider
public class AdminJsonBodies implements ContainerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    @Context
    ResourceInfo resource;

    @Inject
    MeteringRuntime runtime;

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource.getResourceClass() != AdminResource.class || !WITH_BODY.contains(request.getMethod())
                || isJson(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            return;
        }
        ApiCall call = ApiCall.withoutKey(runtime);
        String message = "The admin endpoints take a JSON body: send it with 'Content-Type: application/json'.";
        request.abortWith(call.error(new ApiError(415, "invalid_request", message,
                List.of(new ValidationError("media_type", "header.content-type", message)),
                call.requestId().toString())));
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType.strip());
            String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
            return type.getType().equalsIgnoreCase("application") && (subtype.equals("json") || subtype.endsWith("+json"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
