package dev.speechmeter.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A metered job that has not ended, as a {@link JobRegistry} keeps it: enough to account for it
 * when the server running it stops.
 *
 * @param id                the id of the request that submitted it, its usage entry's {@code uuid}
 * @param correlationId     the submit's correlation id, or null
 * @param apiKeyId          the key it was submitted with (a temporary key's parent)
 * @param organizationId    its organization
 * @param projectId         its project
 * @param requestScope      its endpoint's request scope, e.g. {@code transcribe_async}
 * @param endpoint          the path it was submitted to
 * @param method            its endpoint's processing method, e.g. {@code async}
 * @param pool              the pool whose slot it holds, or null
 * @param labels            its endpoint's capacity labels, or null
 * @param clientReferenceId the caller's reference known when it was submitted, or null
 * @param startTime         when its request was admitted
 */
public record OpenJob(UUID id, String correlationId, UUID apiKeyId, UUID organizationId, UUID projectId,
                      String requestScope, String endpoint, String method, String pool, LabelSet labels,
                      String clientReferenceId, Instant startTime) {

    public OpenJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(requestScope, "requestScope");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(startTime, "startTime");
    }
}
