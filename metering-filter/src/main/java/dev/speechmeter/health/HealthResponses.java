package dev.speechmeter.health;

import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Turns a {@link HealthReport} into a MicroProfile Health response. Only the health checks use
 * it, and they are loaded only where the server provides the API.
 *
 * <pre>{@code
 * public HealthCheckResponse call() {
 *     return HealthResponses.of(store.health().database());
 * }
 * }</pre>
 */
public final class HealthResponses {

    private HealthResponses() {
    }

    public static HealthCheckResponse of(HealthReport report) {
        return new HealthCheckResponse(report.name(),
                report.up() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                report.data().isEmpty() ? Optional.empty() : Optional.of(report.data()));
    }
}
