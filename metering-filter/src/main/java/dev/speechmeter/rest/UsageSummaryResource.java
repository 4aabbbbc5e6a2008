package dev.speechmeter.rest;

import dev.speechmeter.cdi.MeteringRuntime;
import dev.speechmeter.engine.AuthenticationFailure;
import dev.speechmeter.engine.MeteringEngine;
import dev.speechmeter.http.ApiErrors;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.Caller;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

    @Inject
    Instance<UsageLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary(@HeaderParam("Authorization") String authorization,
                            @QueryParam("start_time") String startTime, @QueryParam("end_time") String endTime) {
        MeteringEngine engine = runtime.engine();
        UUID requestId = engine.newRequestId();
        Caller caller;
        try {
            caller = engine.authenticate(authorization);
        } catch (AuthenticationFailure failure) {
            return ApiResponses.error(runtime.errorRenderer(), ApiErrors.unauthenticated(failure.getMessage(), requestId));
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
            return ApiResponses.error(runtime.errorRenderer(), new ApiError(400, "invalid_request",
                    "The query is not valid: " + errors.get(0).message(), errors, requestId.toString()));
        }
        if (!logs.isResolvable()) {
            return ApiResponses.error(runtime.errorRenderer(), ApiErrors.notFound(
                    "This server keeps no usage log: add a store such as metering-jpa.", requestId));
        }
        UsageSummary summary = new UsageSummary(first, last).add(logs.get().days(caller.projectId(), first, last));
        return ApiResponses.ok(summary.json(), requestId);
    }
}
