package dev.speechmeter.rest;

import dev.speechmeter.spi.UsageLog;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/usage/summary}: every UTC day of the window, zeros included, once in
 * total and once per model. Totals are sums of the days, so they always agree.
 */
final class UsageSummary {

    private final LocalDate first;
    private final int dayCount;
    private final Series total;
    private final Map<String, Series> models = new LinkedHashMap<>();

    UsageSummary(LocalDate first, LocalDate last) {
        this.first = first;
        this.dayCount = (int) ChronoUnit.DAYS.between(first, last) + 1;
        this.total = new Series(dayCount);
    }

    UsageSummary add(List<UsageLog.Day> days) {
        for (UsageLog.Day day : days) {
            int index = (int) ChronoUnit.DAYS.between(first, day.day());
            if (index < 0 || index >= dayCount) {
                continue;
            }
            total.add(index, day);
            models.computeIfAbsent(day.usage().model(), model -> new Series(dayCount)).add(index, day);
        }
        return this;
    }

    JsonObject json() {
        JsonArrayBuilder perModel = JsonFactories.BUILDERS.createArrayBuilder();
        models.forEach((model, series) -> perModel.add(series.json(model)));
        return JsonFactories.BUILDERS.createObjectBuilder().add("total", total.json(null)).add("models", perModel).build();
    }

    /** One series of days: the total, or one model. */
    private final class Series {

        private final BigDecimal[] inputCost;
        private final BigDecimal[] outputCost;
        private final BigDecimal[] durationCost;
        private final long[] requests;
        private final long[] inputTextTokens;
        private final long[] inputAudioTokens;
        private final long[] inputAudioMs;
        private final long[] outputTextTokens;
        private final long[] outputAudioTokens;
        private final long[] outputAudioMs;

        Series(int days) {
            inputCost = zeros(days);
            outputCost = zeros(days);
            durationCost = zeros(days);
            requests = new long[days];
            inputTextTokens = new long[days];
            inputAudioTokens = new long[days];
            inputAudioMs = new long[days];
            outputTextTokens = new long[days];
            outputAudioTokens = new long[days];
            outputAudioMs = new long[days];
        }

        void add(int i, UsageLog.Day day) {
            inputCost[i] = inputCost[i].add(day.costs().inputCostUsd());
            outputCost[i] = outputCost[i].add(day.costs().outputCostUsd());
            durationCost[i] = durationCost[i].add(day.costs().inputAudioCostUsd()).add(day.costs().outputAudioCostUsd());
            requests[i] += day.requests();
            inputTextTokens[i] += day.usage().inputTextTokens();
            inputAudioTokens[i] += day.usage().inputAudioTokens();
            inputAudioMs[i] += day.usage().inputAudioDurationMs();
            outputTextTokens[i] += day.usage().outputTextTokens();
            outputAudioTokens[i] += day.usage().outputAudioTokens();
            outputAudioMs[i] += day.usage().outputAudioDurationMs();
        }

        JsonObject json(String model) {
            BigDecimal[] cost = new BigDecimal[dayCount];
            long[] duration = new long[dayCount];
            JsonArrayBuilder days = JsonFactories.BUILDERS.createArrayBuilder();
            for (int i = 0; i < dayCount; i++) {
                cost[i] = inputCost[i].add(outputCost[i]);
                duration[i] = inputAudioMs[i] + outputAudioMs[i];
                days.add(first.plusDays(i).toString());
            }
            JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder();
            if (model == null) {
                json.addNull("model");
            } else {
                json.add("model", model);
            }
            return json.add("days", days)
                    .add("total_cost_usd", sum(cost))
                    .add("total_input_cost_usd", sum(inputCost))
                    .add("total_output_cost_usd", sum(outputCost))
                    .add("total_duration_cost_usd", sum(durationCost))
                    .add("total_num_requests", sum(requests))
                    .add("total_input_text_tokens", sum(inputTextTokens))
                    .add("total_input_audio_tokens", sum(inputAudioTokens))
                    .add("total_input_audio_duration_ms", sum(inputAudioMs))
                    .add("total_output_text_tokens", sum(outputTextTokens))
                    .add("total_output_audio_tokens", sum(outputAudioTokens))
                    .add("total_output_audio_duration_ms", sum(outputAudioMs))
                    .add("total_duration_ms", sum(duration))
                    .add("cost_usd", array(cost))
                    .add("input_cost_usd", array(inputCost))
                    .add("output_cost_usd", array(outputCost))
                    .add("duration_cost_usd", array(durationCost))
                    .add("num_requests", array(requests))
                    .add("input_text_tokens", array(inputTextTokens))
                    .add("input_audio_tokens", array(inputAudioTokens))
                    .add("input_audio_duration_ms", array(inputAudioMs))
                    .add("output_text_tokens", array(outputTextTokens))
                    .add("output_audio_tokens", array(outputAudioTokens))
                    .add("output_audio_duration_ms", array(outputAudioMs))
                    .add("duration_ms", array(duration))
                    .build();
        }
    }

    private static BigDecimal[] zeros(int days) {
        BigDecimal[] zeros = new BigDecimal[days];
        Arrays.fill(zeros, BigDecimal.ZERO.setScale(6));
        return zeros;
    }

    private static String sum(BigDecimal[] values) {
        BigDecimal sum = BigDecimal.ZERO.setScale(6);
        for (BigDecimal value : values) {
            sum = sum.add(value);
        }
        return sum.toPlainString();
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    private static JsonArrayBuilder array(BigDecimal[] values) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        for (BigDecimal value : values) {
            array.add(value.toPlainString());
        }
        return array;
    }

    private static JsonArrayBuilder array(long[] values) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        for (long value : values) {
            array.add(value);
        }
        return array;
    }
}
