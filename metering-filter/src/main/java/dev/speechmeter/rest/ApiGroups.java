package dev.speechmeter.rest;

import dev.speechmeter.ApiGroup;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.runtime.MeteringRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Speechmeter's own REST endpoints by {@link ApiGroup}. The groups not named in
 * {@code speechmeter.rest.groups} answer {@code 404 not_found}, as if they were not there.
 *
 * <p>An application whose {@code Application} lists its classes lists the groups it wants
 * through {@link #classes}:
 *
 * <pre>{@code
 * @ApplicationPath("/api")
 * public class SpeechApi extends Application {
 *     @Override
 *     public Set<Class<?>> getClasses() {
 *         Set<Class<?>> classes = new HashSet<>(Set.of(TranscriptionResource.class));
 *         classes.addAll(ApiGroups.classes(ApiGroup.USAGE, ApiGroup.KEYS));
 *         return classes;
 *     }
 * }
 * }</pre>
 */
@Provider
public class ApiGroups implements DynamicFeature {

    private static final Map<ApiGroup, List<Class<?>>> RESOURCES = Map.of(
            ApiGroup.USAGE, List.of(UsageLogsResource.class, UsageSummaryResource.class,
                    ConcurrencyLimitsResource.class, ConcurrentStreamsHistoryResource.class),
            ApiGroup.PROJECTS, List.of(ProjectsResource.class),
            ApiGroup.KEYS, List.of(TemporaryKeysResource.class, GrantResource.class),
            ApiGroup.BILLING, List.of(BillingResource.class),
            ApiGroup.ADMIN, List.of(AdminResource.class, AdminJsonBodies.class));

    /** What every group needs: its error mappers, its response headers, and this gate. */
    private static final List<Class<?>> PROVIDERS = List.of(InvalidRequestMapper.class, RequestRefusedMapper.class,
            MeteringResponseHeaders.class, ApiGroups.class, ApiPrefix.class);

    @Inject
    MeteringRuntime runtime;

    /** The resource and provider classes of {@code groups}, for an {@code Application} that lists its classes. */
    public static Set<Class<?>> classes(ApiGroup... groups) {
        Set<Class<?>> classes = new LinkedHashSet<>(PROVIDERS);
        for (ApiGroup group : groups) {
            classes.addAll(RESOURCES.get(group));
        }
        return classes;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        ApiGroup group = groupOf(resource.getResourceClass());
        if (group == null) {
            return;
        }
        MeteringConfig config = runtime.engine().config();
        boolean open = config.restGroups().contains(group);
        if (!open || !config.restPrefix().isEmpty()) {
            context.register(new Gate(runtime, open));
        }
    }

    static ApiGroup groupOf(Class<?> resourceClass) {
        for (Map.Entry<ApiGroup, List<Class<?>>> group : RESOURCES.entrySet()) {
            if (group.getValue().contains(resourceClass)) {
                return group.getKey();
            }
        }
        return null;
    }

    /**
     * Answers every request of a group that is not turned on, and with a prefix every request that
     * did not come through it ({@link ApiPrefix}), as if there were no such endpoint.
     */
    private record Gate(MeteringRuntime runtime, boolean open) implements ContainerRequestFilter {

        @Override
        public void filter(ContainerRequestContext request) {
            if (open && request.getProperty(ApiPrefix.PREFIXED) != null) {
                return;
            }
            request.abortWith(ApiResponses.error(runtime.errorRenderer(),
                    ApiErrors.notFound("Not found.", runtime.engine().newRequestId())));
        }
    }
}
