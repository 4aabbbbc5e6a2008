package dev.speechmeter.rest;

import dev.speechmeter.internal.engine.ConcurrencyReport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code GET /v1/concurrency-limits}: slots in use and caps of the caller's project and
 * organization, per pool. Any live key of the project may ask.
 *
 * <pre>{@code
 * {"project":      {"current": {"transcribe_concurrent": 2, "tts_concurrent": 0},
 *                   "limits":  {"transcribe_concurrent": 4, "tts_concurrent": 1}},
 *  "organization": {"current": {"transcribe_concurrent": 5, "tts_concurrent": 1},
 *                   "limits":  {"transcribe_concurrent": 10, "tts_concurrent": null}}}
 * }</pre>
 */
@Path("/v1/concurrency-limits")
@RequestScoped
public class ConcurrencyLimitsResource extends ApiResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@HeaderParam("Authorization") String authorization) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        ConcurrencyReport report = runtime.engine().concurrency(call.caller());
        JsonObject body = JsonFactories.BUILDERS.createObjectBuilder()
                .add("project", level(report.project()))
                .add("organization", level(report.organization()))
                .build();
        return call.ok(body);
    }

    private static JsonObjectBuilder level(ConcurrencyReport.Level level) {
        JsonObjectBuilder current = JsonFactories.BUILDERS.createObjectBuilder();
        level.current().forEach(current::add);
        JsonObjectBuilder limits = JsonFactories.BUILDERS.createObjectBuilder();
        for (Map.Entry<String, Integer> limit : level.limits().entrySet()) {
            if (limit.getValue() == null) {
                limits.addNull(limit.getKey());
            } else {
                limits.add(limit.getKey(), limit.getValue());
            }
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("current", current).add("limits", limits);
    }
}
