package dev.speechmeter.rest;

import dev.speechmeter.internal.http.OwnPaths;
import dev.speechmeter.runtime.MeteringRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/**
 * {@code speechmeter.rest.prefix}: a request for one of Speechmeter's own endpoints under the
 * prefix ({@code /metering/v1/usage-logs}) goes on as a request for the endpoint's own path
 * ({@code /v1/usage-logs}), marked as having come through the prefix; {@link ApiGroups} answers
 * {@code 404} to one that did not. The application's own resources under the prefix are left as
 * they are.
 */
@Provider
@PreMatching
public class ApiPrefix implements ContainerRequestFilter {

    /** The request property set on a request that came through the prefix. */
    static final String PREFIXED = ApiPrefix.class.getName() + ".prefixed";

    @Inject
    MeteringRuntime runtime;

    @Override
    public void filter(ContainerRequestContext request) {
        String prefix = runtime.engine().config().restPrefix();
        if (prefix.isEmpty()) {
            return;
        }
        URI base = request.getUriInfo().getBaseUri();
        URI target = request.getUriInfo().getRequestUri();
        URI stripped = stripped(base, target, prefix);
        if (stripped != null) {
            request.setProperty(PREFIXED, Boolean.TRUE);
            request.setRequestUri(base, stripped);
        }
    }

    /**
     * {@code target} without {@code prefix} after the application's path, when what follows is one
     * of Speechmeter's own paths; otherwise null.
     */
    static URI stripped(URI base, URI target, String prefix) {
        String basePath = base.getRawPath().endsWith("/") ? base.getRawPath() : base.getRawPath() + "/";
        String path = target.getRawPath();
        if (path == null || !path.startsWith(basePath + prefix.substring(1) + "/")) {
            return null;
        }
        String own = path.substring(basePath.length() + prefix.length() - 1);
        if (!OwnPaths.isOwn(own)) {
            return null;
        }
        String query = target.getRawQuery();
        try {
            return URI.create(target.getScheme() + "://" + target.getRawAuthority() + basePath + own.substring(1)
                    + (query == null ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
