package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.ApiError.ValidationError;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityAdminPathTest {

    @Test
    void allThreeLabelsNameACapacityOnAllThree() {
        CapacityAdmin.Path path = CapacityAdmin.Path.of("speech_to_text", "sample", "transcribe", "day");

        assertThat(path.errors()).isEmpty();
        assertThat(path.labels()).isEqualTo(new LabelSet("speech_to_text", "sample", "transcribe"));
        assertThat(path.period()).isEqualTo(BillingPeriod.DAY);
    }

    @ParameterizedTest
    @CsvSource({
        "speech_to_text, *,      *,          technology=speech_to_text",
        "*,              sample, *,          vendor=sample",
        "*,              *,      transcribe, operation=transcribe",
        "speech_to_text, *,      transcribe, 'technology=speech_to_text, operation=transcribe'",
    })
    void aStarLeavesALabelUnnamed(String technology, String vendor, String operation, String named) {
        CapacityAdmin.Path path = CapacityAdmin.Path.of(technology, vendor, operation, "month");

        assertThat(path.errors()).isEmpty();
        assertThat(path.labels()).hasToString(named);
    }

    @Test
    void aCapacityNamingNoLabelIsABadPath() {
        CapacityAdmin.Path path = CapacityAdmin.Path.of("*", "*", "*", "month");

        assertThat(path.errors()).extracting(ValidationError::location).containsExactly("path.technology");
        assertThat(path.errors().get(0).message()).doesNotContain("Exception");
    }

    @Test
    void aBadLabelBesideAStarIsNamedAtItsPlace() {
        CapacityAdmin.Path path = CapacityAdmin.Path.of("*", "so*me", "*", "fortnight");

        assertThat(path.errors()).extracting(ValidationError::location).containsExactly("path.vendor", "path.period");
    }
}
