package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLog;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageSummaryTest {

    private static final LocalDate FIRST = LocalDate.parse("2028-02-28");
    private static final LocalDate LAST = LocalDate.parse("2028-03-01");

    @Test
    void everyDayIsPresentAndTotalsAreTheSumsOfTheDays() {
        JsonObject summary = new UsageSummary(FIRST, LAST).add(List.of(
                day("2028-02-29", "stt", 2, 2_000, 0, "0.000350", "0.000010"),
                day("2028-03-01", "stt", 1, 1_000, 0, "0.000001", "0"),
                day("2028-02-29", "tts", 3, 0, 4_500, "0", "0.000225"))).json();

        JsonObject total = summary.getJsonObject("total");
        assertThat(total.isNull("model")).isTrue();
        assertThat(strings(total.getJsonArray("days"))).containsExactly("2028-02-28", "2028-02-29", "2028-03-01");
        assertThat(numbers(total.getJsonArray("num_requests"))).containsExactly(0L, 5L, 1L);
        assertThat(total.getJsonNumber("total_num_requests").longValue()).isEqualTo(6);
        assertThat(strings(total.getJsonArray("cost_usd"))).containsExactly("0.000000", "0.000585", "0.000001");
        assertThat(total.getString("total_cost_usd")).isEqualTo("0.000586");
        assertThat(total.getString("total_duration_cost_usd")).isEqualTo("0.000586");
        assertThat(numbers(total.getJsonArray("duration_ms"))).containsExactly(0L, 6_500L, 1_000L);
        assertThat(total.getJsonNumber("total_duration_ms").longValue()).isEqualTo(7_500);

        JsonArray models = summary.getJsonArray("models");
        assertThat(models).hasSize(2);
        JsonObject tts = models.getJsonObject(1);
        assertThat(tts.getString("model")).isEqualTo("tts");
        assertThat(numbers(tts.getJsonArray("output_audio_duration_ms"))).containsExactly(0L, 4_500L, 0L);
        assertThat(tts.getString("total_output_cost_usd")).isEqualTo("0.000225");
    }

    @Test
    void aWindowWithoutUsageHasZerosForEveryDay() {
        JsonObject total = new UsageSummary(FIRST, FIRST.plusDays(365)).add(List.of()).json().getJsonObject("total");

        assertThat(total.getJsonArray("days")).hasSize(366);
        assertThat(total.getString("total_cost_usd")).isEqualTo("0.000000");
        assertThat(numbers(total.getJsonArray("num_requests"))).hasSize(366).containsOnly(0L);
    }

    private static UsageLog.Day day(String day, String model, long requests, long inputMs, long outputMs,
                                    String inputAudioCost, String outputAudioCost) {
        return new UsageLog.Day(LocalDate.parse(day), requests, new Usage(model, 0, 0, inputMs, 0, 0, outputMs),
                new Costs(BigDecimal.ZERO, new BigDecimal(inputAudioCost), BigDecimal.ZERO, new BigDecimal(outputAudioCost)));
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static List<Long> numbers(JsonArray array) {
        return array.getValuesAs(JsonNumber.class).stream().map(JsonNumber::longValue).toList();
    }
}
