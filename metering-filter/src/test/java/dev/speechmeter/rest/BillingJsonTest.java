package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.Consumption;
import dev.speechmeter.spi.LabelSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BillingJsonTest {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    private static final UUID PROJECT = UUID.fromString("0196c8c5-7a4e-7000-8000-000000000001");

    @Test
    void aCapacityIsAnItemWithItsLabelsPeriodAndOneDetail() {
        Instant at = Instant.parse("2028-02-29T12:00:00Z");
        CapacityStanding standing = new CapacityStanding(CapacityOwner.project(PROJECT), STT, BillingPeriod.MONTH,
                BillingPeriod.MONTH.windowAt(at), Duration.ofHours(10), true, Duration.ofMillis(1_234_500));

        assertThat(BillingJson.capacities(List.of(standing)).toString()).isEqualTo("{\"items\":[{\"labels\":["
                + "{\"key\":\"technology\",\"value\":\"speech_to_text\"},{\"key\":\"vendor\",\"value\":\"sample\"},"
                + "{\"key\":\"operation\",\"value\":\"transcribe\"}],\"level\":\"project\",\"current_period\":"
                + "{\"period\":\"month\",\"start_time\":\"2028-02-01T00:00:00Z\",\"end_time\":\"2028-03-01T00:00:00Z\"},"
                + "\"has_remaining_capacity\":true,\"details\":[{\"property\":\"processed_audio_length\","
                + "\"capacity\":36000,\"consumed\":1234.5,\"valid_until\":\"2028-03-01T00:00:00Z\","
                + "\"is_extended\":true}]}]}");
    }

    @Test
    void aCapacityOnSomeLabelsListsThoseAndNoOthersInBothAnswers() {
        Instant at = Instant.parse("2028-02-29T12:00:00Z");
        LabelSet vendorAndOperation = new LabelSet(null, "whisper", "transcribe");
        CapacityStanding standing = new CapacityStanding(CapacityOwner.project(PROJECT), vendorAndOperation,
                BillingPeriod.DAY, BillingPeriod.DAY.windowAt(at), Duration.ofSeconds(60), false, Duration.ZERO);
        Consumption consumption = new Consumption(CapacityOwner.project(PROJECT), LabelSet.technology("speech_to_text"),
                Duration.ofMillis(1_500));

        assertThat(BillingJson.capacities(List.of(standing)).getJsonArray("items").getJsonObject(0)
                .getJsonArray("labels").toString()).isEqualTo("[{\"key\":\"vendor\",\"value\":\"whisper\"},"
                + "{\"key\":\"operation\",\"value\":\"transcribe\"}]");
        assertThat(BillingJson.consumptions(List.of(consumption)).getJsonArray("items").getJsonObject(0)
                .getJsonArray("labels").toString())
                .isEqualTo("[{\"key\":\"technology\",\"value\":\"speech_to_text\"}]");
    }

    @Test
    void aCapacityIsAnIntegerOfSecondsAndOneWithAFractionIsRefusedNotRounded() {
        Instant at = Instant.parse("2028-02-29T12:00:00Z");
        CapacityStanding large = new CapacityStanding(CapacityOwner.project(PROJECT), STT, BillingPeriod.DAY,
                BillingPeriod.DAY.windowAt(at), Duration.ofSeconds(1_000_000_000_000L), false, Duration.ZERO);
        CapacityStanding fraction = new CapacityStanding(CapacityOwner.project(PROJECT), STT, BillingPeriod.DAY,
                BillingPeriod.DAY.windowAt(at), Duration.ofMillis(1_500), false, Duration.ZERO);

        assertThat(BillingJson.capacities(List.of(large)).toString())
                .contains("\"capacity\":1000000000000,", "\"consumed\":0,");
        assertThatThrownBy(() -> BillingJson.capacities(List.of(fraction))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCapacityUsedUpHasNoRemainingCapacity() {
        Instant at = Instant.parse("2028-02-29T12:00:00Z");
        CapacityStanding full = new CapacityStanding(CapacityOwner.organization(PROJECT), STT, BillingPeriod.DAY,
                BillingPeriod.DAY.windowAt(at), Duration.ofSeconds(60), false, Duration.ofMillis(60_250));

        assertThat(BillingJson.capacities(List.of(full)).getJsonArray("items").getJsonObject(0).toString())
                .contains("\"level\":\"organization\"", "\"has_remaining_capacity\":false", "\"consumed\":60.25",
                        "\"is_extended\":false");
    }

    @Test
    void consumptionIsAnItemPerLabelSetAndLevel() {
        Consumption consumption = new Consumption(CapacityOwner.project(PROJECT), STT, Duration.ofMillis(90_000));

        assertThat(BillingJson.consumptions(List.of(consumption)).toString()).isEqualTo("{\"items\":[{\"labels\":["
                + "{\"key\":\"technology\",\"value\":\"speech_to_text\"},{\"key\":\"vendor\",\"value\":\"sample\"},"
                + "{\"key\":\"operation\",\"value\":\"transcribe\"}],\"level\":\"project\",\"consumptions\":["
                + "{\"property\":\"processed_audio_length\",\"consumed\":90}]}]}");
        assertThat(BillingJson.consumptions(List.of()).toString()).isEqualTo("{\"items\":[]}");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 0.001", "1000, 1", "36000000, 36000", "1234500, 1234.5", "100, 0.1"})
    void secondsAreExactWithoutTrailingZerosOrExponents(long millis, String seconds) {
        assertThat(BillingJson.seconds(Duration.ofMillis(millis)).toString()).isEqualTo(seconds);
    }
}
