package dev.speechmeter.rest;

import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * {@code GET /v1/concurrent-streams-history?start_time&end_time&period_sec&kind}: how many slots of
 * a pool the caller's project held, period by period: on this server, or on the fleet when the
 * limit store keeps the history for it ({@code 503} while it cannot be read). Any live key of the
 * project with {@code usage:read} may ask.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" "http://localhost:8080/v1/concurrent-streams-history?\
 * start_time=2026-11-22T00:00:00Z&amp;end_time=2026-11-23T00:00:00Z&amp;period_sec=3600&amp;kind=stt"
 * </pre>
 */
@Path("/v1/concurrent-streams-history")
@RequestScoped
public class ConcurrentStreamsHistoryResource extends ApiResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@HeaderParam("Authorization") String authorization, @Context UriInfo uri) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        ConcurrencyHistoryRequest request = ConcurrencyHistoryRequest.parse(uri.getQueryParameters());
        if (!request.errors().isEmpty()) {
            return call.invalid(request.errors());
        }
        List<ConcurrencyHistoryStore.Entry> entries;
        try {
            entries = runtime.engine().concurrencyHistory().entries(call.caller().projectId(), request.pool(),
                    request.resolution(), request.firstStart(), request.count());
        } catch (LimitStoreUnavailableException e) {
            return call.error(ApiErrors.historyUnavailable(call.requestId()));
        }
        return call.ok(json(request.kind(), entries));
    }

    static JsonObject json(String kind, List<ConcurrencyHistoryStore.Entry> entries) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        for (ConcurrencyHistoryStore.Entry entry : entries) {
            array.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("period_start", entry.periodStart().toString())
                    .add("period_sec", entry.periodSeconds())
                    .add("sample_min", entry.sampleMin())
                    .add("sample_max", entry.sampleMax())
                    .add("sample_sum", entry.sampleSum())
                    .add("sample_count", entry.sampleCount())
                    .add("total_count", entry.totalCount()));
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("kind", kind).add("entries", array).build();
    }
}
