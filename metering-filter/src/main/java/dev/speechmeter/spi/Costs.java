package dev.speechmeter.spi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The price of one request in USD, split as a usage entry of the API splits it. The totals are
 * derived, so {@code cost = input + output} and {@code input = input_text + input_audio} always hold.
 */
public record Costs(BigDecimal inputTextCostUsd, BigDecimal inputAudioCostUsd,
                    BigDecimal outputTextCostUsd, BigDecimal outputAudioCostUsd) {

    /** Costs are kept to the micro-dollar, the precision of the wire format. */
    public static final int SCALE = 6;

    public static final Costs ZERO = new Costs(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public Costs {
        inputTextCostUsd = scaled(inputTextCostUsd);
        inputAudioCostUsd = scaled(inputAudioCostUsd);
        outputTextCostUsd = scaled(outputTextCostUsd);
        outputAudioCostUsd = scaled(outputAudioCostUsd);
    }

    private static BigDecimal scaled(BigDecimal value) {
        return Objects.requireNonNull(value, "cost").setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    public BigDecimal inputCostUsd() {
        return inputTextCostUsd.add(inputAudioCostUsd);
    }

    public BigDecimal outputCostUsd() {
        return outputTextCostUsd.add(outputAudioCostUsd);
    }

    public BigDecimal costUsd() {
        return inputCostUsd().add(outputCostUsd());
    }
}
