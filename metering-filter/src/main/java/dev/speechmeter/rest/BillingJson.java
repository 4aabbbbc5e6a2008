package dev.speechmeter.rest;

import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.Consumption;
import dev.speechmeter.spi.LabelSet;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the billing endpoints. A {@code capacity} is whole seconds of processed audio,
 * an integer ({@code 36000}); {@code consumed} is seconds exact to the millisecond
 * ({@code 1234.5}).
 * Each item also says whose capacity it is in {@code level} ({@code organization} or
 * {@code project}), since a key sees both.
 */
final class BillingJson {

    /** The one property capacities measure. */
    static final String PROCESSED_AUDIO_LENGTH = "processed_audio_length";

    private BillingJson() {
    }

    /** {@code {"items": [{"labels", "level", "current_period", "has_remaining_capacity", "details"}]}}. */
    static JsonObject capacities(List<CapacityStanding> standings) {
        JsonArrayBuilder items = JsonFactories.BUILDERS.createArrayBuilder();
        for (CapacityStanding standing : standings) {
            JsonObjectBuilder detail = JsonFactories.BUILDERS.createObjectBuilder()
                    .add("property", PROCESSED_AUDIO_LENGTH)
                    .add("capacity", wholeSeconds(standing.capacity()))
                    .add("consumed", seconds(standing.consumed()))
                    .add("valid_until", standing.window().end().toString())
                    .add("is_extended", standing.extended());
            items.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("labels", labels(standing.labels()))
                    .add("level", standing.owner().level().wireName())
                    .add("current_period", JsonFactories.BUILDERS.createObjectBuilder()
                            .add("period", standing.period().wireName())
                            .add("start_time", standing.window().start().toString())
                            .add("end_time", standing.window().end().toString()))
                    .add("has_remaining_capacity", standing.hasRemainingCapacity())
                    .add("details", JsonFactories.BUILDERS.createArrayBuilder().add(detail)));
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("items", items).build();
    }

    /** {@code {"items": [{"labels", "level", "consumptions": [{"property", "consumed"}]}]}}. */
    static JsonObject consumptions(List<Consumption> consumptions) {
        JsonArrayBuilder items = JsonFactories.BUILDERS.createArrayBuilder();
        for (Consumption consumption : consumptions) {
            items.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("labels", labels(consumption.labels()))
                    .add("level", consumption.owner().level().wireName())
                    .add("consumptions", JsonFactories.BUILDERS.createArrayBuilder()
                            .add(JsonFactories.BUILDERS.createObjectBuilder()
                                    .add("property", PROCESSED_AUDIO_LENGTH)
                                    .add("consumed", seconds(consumption.consumed())))));
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("items", items).build();
    }

    private static JsonArrayBuilder labels(LabelSet labels) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        for (Map.Entry<String, String> label : labels.entries()) {
            array.add(JsonFactories.BUILDERS.createObjectBuilder().add("key", label.getKey()).add("value", label.getValue()));
        }
        return array;
    }

    /**
     * A capacity as an integer of seconds. Capacities and extensions are set in whole seconds, so
     * one with a fraction was not set through Speechmeter: it is refused, not rounded.
     */
    static long wholeSeconds(Duration capacity) {
        if (capacity.getNano() != 0) {
            throw new IllegalStateException("A capacity is whole seconds, not " + capacity);
        }
        return capacity.getSeconds();
    }

    /** Whole milliseconds as seconds, without trailing zeros or an exponent: 36000, 1234.5, 0.001. */
    static BigDecimal seconds(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros();
        return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
    }
}
