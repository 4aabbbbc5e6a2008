package dev.speechmeter.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * All the processed audio an owner consumed on a label set, since the beginning.
 *
 * @param owner    whose consumption
 * @param labels   the label set
 * @param consumed processed audio, summed over every billed request on these labels
 */
public record Consumption(CapacityOwner owner, LabelSet labels, Duration consumed) {

    public Consumption {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(consumed, "consumed");
    }
}
