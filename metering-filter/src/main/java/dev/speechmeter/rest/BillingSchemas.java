package dev.speechmeter.rest;

import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the billing group, and of the admin surface's capacity list, as the OpenAPI
 * document describes them: what {@link BillingJson} writes. They describe; they never write JSON.
 */
final class BillingSchemas {

    private static final String LEVEL = "Whose capacity it is: the key's organization or its project.";
    private static final String CONSUMED = "Seconds of processed audio, exact to the millisecond, without trailing "
            + "zeros.";

    private BillingSchemas() {
    }

    @Schema(name = "CapacityList", description = "Every capacity in its current period.")
    record CapacityList(@Schema(required = true) List<CapacityStanding> items) {
    }

    @Schema(name = "CapacityStanding", description = "Where one capacity stands in its current period.")
    record CapacityStanding(
            @Schema(required = true, description = "The labels the capacity names, in the order technology, vendor, "
                    + "operation.") List<Label> labels,
            @Schema(required = true, enumeration = {"organization", "project"}, description = LEVEL) String level,
            @Schema(name = "current_period", required = true) CapacityPeriod currentPeriod,
            @Schema(name = "has_remaining_capacity", required = true) boolean hasRemainingCapacity,
            @Schema(required = true, description = "One item, for processed_audio_length.") List<CapacityDetail> details) {
    }

    @Schema(name = "Label", description = "One label of a capacity or of the requests billed on it.")
    record Label(
            @Schema(required = true, enumeration = {"technology", "vendor", "operation"}) String key,
            @Schema(required = true, examples = "speech_to_text") String value) {
    }

    @Schema(name = "CapacityPeriod", description = "The current period of a capacity.")
    record CapacityPeriod(
            @Schema(required = true, enumeration = {"month", "week", "day", "hour", "minute"}) String period,
            @Schema(name = "start_time", required = true, format = "date-time") String startTime,
            @Schema(name = "end_time", required = true, format = "date-time") String endTime) {
    }

    @Schema(name = "CapacityDetail", description = "How much of the capacity this period used.")
    record CapacityDetail(
            @Schema(required = true, enumeration = BillingJson.PROCESSED_AUDIO_LENGTH) String property,
            @Schema(required = true, minimum = "0", description = "Whole seconds of processed audio, this period's "
                    + "extensions included.", examples = "3600") long capacity,
            @Schema(required = true, minimum = "0", description = CONSUMED, examples = "1234.5") BigDecimal consumed,
            @Schema(name = "valid_until", required = true, format = "date-time", description = "The end of the "
                    + "current period.") String validUntil,
            @Schema(name = "is_extended", required = true, description = "Whether this period has an extension.")
            boolean isExtended) {
    }

    @Schema(name = "ConsumptionList", description = "All-time consumption per level and label set.")
    record ConsumptionList(@Schema(required = true) List<ConsumptionItem> items) {
    }

    @Schema(name = "ConsumptionItem", description = "One label set billed on, or the labels of one capacity (whose "
            + "consumption sums every label set it applies to).")
    record ConsumptionItem(
            @Schema(required = true) List<Label> labels,
            @Schema(required = true, enumeration = {"organization", "project"}, description = LEVEL) String level,
            @Schema(required = true, description = "One item, for processed_audio_length.")
            List<Consumption> consumptions) {
    }

    @Schema(name = "Consumption", description = "How much was consumed.")
    record Consumption(
            @Schema(required = true, enumeration = BillingJson.PROCESSED_AUDIO_LENGTH) String property,
            @Schema(required = true, minimum = "0", description = CONSUMED, examples = "1234.5") BigDecimal consumed) {
    }
}
