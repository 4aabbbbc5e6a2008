package dev.speechmeter.rest;

import dev.speechmeter.spi.UsageLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;

/**
 * {@code GET /v1/usage/summary?start_time&end_time}: the project's usage per
 * UTC day touched by the half-open window (at most 366 days), in total and per model, read from
 * the daily totals rather than the raw entries.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" \
 *   "http://localhost:8080/v1/usage/summary?start_time=2026-11-01T00:00:00Z&amp;end_time=2026-12-01T00:00:00Z"
 * </pre>
 */
@Path("/v1/usage/summary")
@RequestScoped
public class UsageSummaryResource extends ApiResource {

    @Inject
    Instance<UsageLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary(@HeaderParam("Authorization") String authorization,
                            @QueryParam("start_time") String startTime, @QueryParam("end_time") String endTime) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        UsageSummaryRequest request = UsageSummaryRequest.parse(startTime, endTime);
        if (!request.errors().isEmpty()) {
            return call.invalid(request.errors());
        }
        if (!logs.isResolvable()) {
            return call.noUsageLog();
        }
        LocalDate first = request.first();
        LocalDate last = request.last();
        UsageSummary summary = new UsageSummary(first, last).add(logs.get().days(call.caller().projectId(), first, last));
        return call.ok(summary.json());
    }
}
