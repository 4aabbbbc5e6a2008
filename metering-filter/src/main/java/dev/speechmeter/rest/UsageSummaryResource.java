package dev.speechmeter.rest;

import dev.speechmeter.cdi.MeteringRuntime;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.UsageLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/usage/summary?start_time&end_time} (SPEC section 4): the project's usage per
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
public class UsageSummaryResource {

    static final int MAX_DAYS = 366;

    @Inject
    MeteringRuntime runtime;

    /** The client's X-Request-Id or X-Correlation-Id comes back as X-Correlation-Id (SPEC section 9). */
    @Context
    HttpHeaders headers;

    @Inject
    Instance<UsageLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary(@HeaderParam("Authorization") String authorization,
                            @QueryParam("start_time") String startTime, @QueryParam("end_time") String endTime) {
        ApiCall call = ApiCall.authenticate(runtime, authorization).correlatedBy(headers);
        if (call.refusal() != null) {
            return call.refusal();
        }
        List<ValidationError> errors = new ArrayList<>();
        Instant start = QueryTimes.required("start_time", startTime, errors);
        Instant end = QueryTimes.required("end_time", endTime, errors);
        LocalDate first = null;
        LocalDate last = null;
        if (start != null && end != null) {
            first = LocalDate.ofInstant(start, ZoneOffset.UTC);
            last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
            if (!end.isAfter(start)) {
                errors.add(new ValidationError("greater_than", "query.end_time", "end_time must be later than start_time."));
            } else if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
                errors.add(new ValidationError("less_than_equal", "query.end_time",
                        "The window may touch at most " + MAX_DAYS + " days."));
            }
        }
        if (!errors.isEmpty()) {
            return call.invalid(errors);
        }
        if (!logs.isResolvable()) {
            return call.noUsageLog();
        }
        UsageSummary summary = new UsageSummary(first, last).add(logs.get().days(call.caller().projectId(), first, last));
        return call.ok(summary.json());
    }
}
