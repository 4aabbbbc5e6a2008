package dev.speechmeter.rest;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/usage-logs}: the billed requests of the caller's project in a
 * window of end times, a page at a time.
 *
 * <pre>
 * curl -H "Authorization: Bearer $KEY" \
 *   "http://localhost:8080/v1/usage-logs?start_time=2026-04-28T00:00:00Z&amp;end_time=2026-04-29T00:00:00Z&amp;limit=100"
 * </pre>
 */
@Path("/v1/usage-logs")
@RequestScoped
public class UsageLogsResource extends ApiResource {

    @Inject
    Instance<UsageLog> logs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@HeaderParam("Authorization") String authorization,
                         @QueryParam("start_time") String startTime, @QueryParam("end_time") String endTime,
                         @QueryParam("limit") String limit, @QueryParam("sort") String sort,
                         @QueryParam("cursor") String cursor,
                         @QueryParam("client_reference_id") String clientReferenceId) {
        ApiCall call = call(authorization);
        if (call.refusal() != null) {
            return call.refusal();
        }
        UsageLogRequest request = UsageLogRequest.parse(startTime, endTime, limit, sort, cursor, clientReferenceId,
                runtime.engine().clock().instant());
        if (!request.errors().isEmpty()) {
            return call.invalid(request.errors());
        }
        if (!logs.isResolvable()) {
            return call.noUsageLog();
        }
        UsageLog.Page page = logs.get().entries(request.query(call.caller().projectId()));
        JsonArrayBuilder entries = JsonFactories.BUILDERS.createArrayBuilder();
        page.entries().forEach(entry -> entries.add(json(entry)));
        JsonObjectBuilder body = JsonFactories.BUILDERS.createObjectBuilder().add("usage_logs", entries);
        if (page.next() == null) {
            body.addNull("next_page_cursor");
        } else {
            body.add("next_page_cursor", request.cursorAfter(page.next()));
        }
        return call.ok(body.build());
    }

    static JsonObjectBuilder json(UsageLog.Entry entry) {
        Usage usage = entry.usage();
        Costs costs = entry.costs();
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder()
                .add("uuid", entry.uuid().toString())
                .add("request_scope", entry.requestScope());
        JsonFactories.nullable(json, "client_reference_id", entry.clientReferenceId());
        JsonFactories.nullable(json, "model", usage.model());
        return json
                .add("start_time", entry.startTime().toString())
                .add("end_time", entry.endTime().toString())
                .add("input_text_tokens", usage.inputTextTokens())
                .add("input_audio_tokens", usage.inputAudioTokens())
                .add("input_audio_duration_ms", usage.inputAudioDurationMs())
                .add("output_text_tokens", usage.outputTextTokens())
                .add("output_audio_tokens", usage.outputAudioTokens())
                .add("output_audio_duration_ms", usage.outputAudioDurationMs())
                .add("cost_usd", costs.costUsd().toPlainString())
                .add("input_cost_usd", costs.inputCostUsd().toPlainString())
                .add("input_text_cost_usd", costs.inputTextCostUsd().toPlainString())
                .add("input_audio_cost_usd", costs.inputAudioCostUsd().toPlainString())
                .add("output_cost_usd", costs.outputCostUsd().toPlainString())
                .add("output_text_cost_usd", costs.outputTextCostUsd().toPlainString())
                .add("output_audio_cost_usd", costs.outputAudioCostUsd().toPlainString());
    }
}
