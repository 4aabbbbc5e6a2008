package dev.speechmeter.rest;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the usage group as the OpenAPI document describes them: what
 * {@link UsageLogsResource}, {@link UsageSummary}, {@link ConcurrencyLimitsResource} and
 * {@link ConcurrentStreamsHistoryResource} write. They describe; they never write JSON.
 */
final class UsageSchemas {

    private static final String USD = "USD, a decimal as a string.";

    private UsageSchemas() {
    }

    @Schema(name = "UsageLogPage", description = "A page of the billed requests of the key's project, by end time.")
    record UsageLogPage(
            @Schema(name = "usage_logs", required = true) List<UsageLogEntry> usageLogs,
            @Schema(name = "next_page_cursor", required = true, nullable = true, description = "The cursor of the "
                    + "next page, sent with the same sort; null on the last page.") String nextPageCursor) {
    }

    @Schema(name = "UsageLogEntry", description = "One billed request.")
    record UsageLogEntry(
            @Schema(required = true, format = "uuid", description = "The request's id, as its X-Request-Id was.")
            String uuid,
            @Schema(name = "request_scope", required = true, examples = "transcribe_async") String requestScope,
            @Schema(name = "client_reference_id", required = true, nullable = true) String clientReferenceId,
            @Schema(required = true, nullable = true, examples = "stt-async-sample") String model,
            @Schema(name = "start_time", required = true, format = "date-time") String startTime,
            @Schema(name = "end_time", required = true, format = "date-time") String endTime,
            @Schema(name = "input_text_tokens", required = true) long inputTextTokens,
            @Schema(name = "input_audio_tokens", required = true) long inputAudioTokens,
            @Schema(name = "input_audio_duration_ms", required = true) long inputAudioDurationMs,
            @Schema(name = "output_text_tokens", required = true) long outputTextTokens,
            @Schema(name = "output_audio_tokens", required = true) long outputAudioTokens,
            @Schema(name = "output_audio_duration_ms", required = true) long outputAudioDurationMs,
            @Schema(name = "cost_usd", required = true, description = USD, examples = "0.001008") String costUsd,
            @Schema(name = "input_cost_usd", required = true, description = USD) String inputCostUsd,
            @Schema(name = "input_text_cost_usd", required = true, description = USD) String inputTextCostUsd,
            @Schema(name = "input_audio_cost_usd", required = true, description = USD) String inputAudioCostUsd,
            @Schema(name = "output_cost_usd", required = true, description = USD) String outputCostUsd,
            @Schema(name = "output_text_cost_usd", required = true, description = USD) String outputTextCostUsd,
            @Schema(name = "output_audio_cost_usd", required = true, description = USD) String outputAudioCostUsd) {
    }

    @Schema(name = "UsageSummary", description = "The project's usage per UTC day of the window, in total and per "
            + "model.")
    record Summary(
            @Schema(required = true) UsageSeries total,
            @Schema(required = true, description = "One series per model used in the window.") List<UsageSeries> models) {
    }

    @Schema(name = "UsageSeries", description = "Every UTC day of the window, zeros included: the totals, and arrays "
            + "aligned with days. Costs are USD decimals as strings; durations are milliseconds of audio.")
    record UsageSeries(
            @Schema(required = true, nullable = true, description = "The model; null for the total.") String model,
            @Schema(required = true, description = "The UTC days, in order.") List<Day> days,
            @Schema(name = "total_cost_usd", required = true, examples = "0.003024") String totalCostUsd,
            @Schema(name = "total_input_cost_usd", required = true) String totalInputCostUsd,
            @Schema(name = "total_output_cost_usd", required = true) String totalOutputCostUsd,
            @Schema(name = "total_duration_cost_usd", required = true, description = "What the input and output "
                    + "audio cost.") String totalDurationCostUsd,
            @Schema(name = "total_num_requests", required = true) long totalNumRequests,
            @Schema(name = "total_input_text_tokens", required = true) long totalInputTextTokens,
            @Schema(name = "total_input_audio_tokens", required = true) long totalInputAudioTokens,
            @Schema(name = "total_input_audio_duration_ms", required = true) long totalInputAudioDurationMs,
            @Schema(name = "total_output_text_tokens", required = true) long totalOutputTextTokens,
            @Schema(name = "total_output_audio_tokens", required = true) long totalOutputAudioTokens,
            @Schema(name = "total_output_audio_duration_ms", required = true) long totalOutputAudioDurationMs,
            @Schema(name = "total_duration_ms", required = true, description = "Input plus output audio.")
            long totalDurationMs,
            @Schema(name = "cost_usd", required = true) List<String> costUsd,
            @Schema(name = "input_cost_usd", required = true) List<String> inputCostUsd,
            @Schema(name = "output_cost_usd", required = true) List<String> outputCostUsd,
            @Schema(name = "duration_cost_usd", required = true) List<String> durationCostUsd,
            @Schema(name = "num_requests", required = true) List<Long> numRequests,
            @Schema(name = "input_text_tokens", required = true) List<Long> inputTextTokens,
            @Schema(name = "input_audio_tokens", required = true) List<Long> inputAudioTokens,
            @Schema(name = "input_audio_duration_ms", required = true) List<Long> inputAudioDurationMs,
            @Schema(name = "output_text_tokens", required = true) List<Long> outputTextTokens,
            @Schema(name = "output_audio_tokens", required = true) List<Long> outputAudioTokens,
            @Schema(name = "output_audio_duration_ms", required = true) List<Long> outputAudioDurationMs,
            @Schema(name = "duration_ms", required = true) List<Long> durationMs) {
    }

    @Schema(name = "UtcDay", type = SchemaType.STRING, format = "date", examples = "2026-11-22")
    static final class Day {

        private Day() {
        }
    }

    @Schema(name = "ConcurrencyLimits", description = "Slots in use and caps, per pool, of the key's project and "
            + "its organization.")
    record ConcurrencyLimits(
            @Schema(required = true) ConcurrencyLevel project,
            @Schema(required = true) ConcurrencyLevel organization) {
    }

    @Schema(name = "ConcurrencyLevel", description = "One level's pools, named <pool>_concurrent.")
    record ConcurrencyLevel(
            @Schema(required = true, description = "Slots held right now, per pool.",
                    examples = "{\"transcribe_concurrent\": 2, \"tts_concurrent\": 0}") Map<String, Long> current,
            @Schema(required = true, description = "The cap in force, per pool.",
                    examples = "{\"transcribe_concurrent\": 4, \"tts_concurrent\": null}") Map<String, LimitCap> limits) {
    }

    @Schema(name = "LimitCap", type = SchemaType.INTEGER, nullable = true, minimum = "0", maximum = "2147483647",
            description = "A cap; 0 suspends, null is no cap.")
    static final class LimitCap {

        private LimitCap() {
        }
    }

    @Schema(name = "ConcurrentStreamsHistory", description = "How many slots of a pool the key's project held on "
            + "this server, period by period.")
    record ConcurrentStreamsHistory(
            @Schema(required = true, enumeration = {"stt", "tts"}) String kind,
            @Schema(required = true, description = "Every period starting in [start_time, end_time), ascending.")
            List<ConcurrentStreamsPeriod> entries) {
    }

    @Schema(name = "ConcurrentStreamsPeriod", description = "The slots held in one period; all zeros when none was.")
    record ConcurrentStreamsPeriod(
            @Schema(name = "period_start", required = true, format = "date-time") String periodStart,
            @Schema(name = "period_sec", required = true, enumeration = {"60", "3600", "86400"}) int periodSec,
            @Schema(name = "sample_min", required = true, description = "The least level sampled.") long sampleMin,
            @Schema(name = "sample_max", required = true, description = "The peak.") long sampleMax,
            @Schema(name = "sample_sum", required = true) long sampleSum,
            @Schema(name = "sample_count", required = true) long sampleCount,
            @Schema(name = "total_count", required = true, description = "Requests admitted to the pool in the "
                    + "period.") long totalCount) {
    }
}
