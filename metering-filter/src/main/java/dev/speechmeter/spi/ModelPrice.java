package dev.speechmeter.spi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one model costs, in USD: per hour of audio and per million tokens, in and out.
 *
 * <pre>{@code
 * ModelPrice stt = ModelPrice.FREE.withInputAudioPerHour(new BigDecimal("0.12"))
 *                                 .withOutputTextPerMillion(new BigDecimal("2.00"));
 * Costs costs = stt.price(usage);
 * }</pre>
 *
 * Every part is computed exactly in {@link BigDecimal} and rounded once, half-even, to the
 * micro-dollar; the totals are sums of the rounded parts, so they always add up.
 */
public record ModelPrice(BigDecimal inputAudioPerHour, BigDecimal outputAudioPerHour,
                         BigDecimal inputTextPerMillion, BigDecimal outputTextPerMillion,
                         BigDecimal inputAudioTokensPerMillion, BigDecimal outputAudioTokensPerMillion) {

    public static final ModelPrice FREE = new ModelPrice(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);
    private static final BigDecimal MILLIS_PER_HOUR_IN_MILLIONS = new BigDecimal("3.6");

    public ModelPrice {
        requireNotNegative(inputAudioPerHour, "inputAudioPerHour");
        requireNotNegative(outputAudioPerHour, "outputAudioPerHour");
        requireNotNegative(inputTextPerMillion, "inputTextPerMillion");
        requireNotNegative(outputTextPerMillion, "outputTextPerMillion");
        requireNotNegative(inputAudioTokensPerMillion, "inputAudioTokensPerMillion");
        requireNotNegative(outputAudioTokensPerMillion, "outputAudioTokensPerMillion");
    }

    private static void requireNotNegative(BigDecimal price, String name) {
        if (Objects.requireNonNull(price, name).signum() < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + price);
        }
    }

    public ModelPrice withInputAudioPerHour(BigDecimal price) {
        return new ModelPrice(price, outputAudioPerHour, inputTextPerMillion, outputTextPerMillion,
                inputAudioTokensPerMillion, outputAudioTokensPerMillion);
    }

    public ModelPrice withOutputAudioPerHour(BigDecimal price) {
        return new ModelPrice(inputAudioPerHour, price, inputTextPerMillion, outputTextPerMillion,
                inputAudioTokensPerMillion, outputAudioTokensPerMillion);
    }

    public ModelPrice withInputTextPerMillion(BigDecimal price) {
        return new ModelPrice(inputAudioPerHour, outputAudioPerHour, price, outputTextPerMillion,
                inputAudioTokensPerMillion, outputAudioTokensPerMillion);
    }

    public ModelPrice withOutputTextPerMillion(BigDecimal price) {
        return new ModelPrice(inputAudioPerHour, outputAudioPerHour, inputTextPerMillion, price,
                inputAudioTokensPerMillion, outputAudioTokensPerMillion);
    }

    public ModelPrice withInputAudioTokensPerMillion(BigDecimal price) {
        return new ModelPrice(inputAudioPerHour, outputAudioPerHour, inputTextPerMillion, outputTextPerMillion,
                price, outputAudioTokensPerMillion);
    }

    public ModelPrice withOutputAudioTokensPerMillion(BigDecimal price) {
        return new ModelPrice(inputAudioPerHour, outputAudioPerHour, inputTextPerMillion, outputTextPerMillion,
                inputAudioTokensPerMillion, price);
    }

    public Costs price(Usage usage) {
        return new Costs(
                cost(usage.inputTextTokens(), inputTextPerMillion, 0, BigDecimal.ZERO),
                cost(usage.inputAudioTokens(), inputAudioTokensPerMillion,
                        usage.inputAudioDurationMs(), inputAudioPerHour),
                cost(usage.outputTextTokens(), outputTextPerMillion, 0, BigDecimal.ZERO),
                cost(usage.outputAudioTokens(), outputAudioTokensPerMillion,
                        usage.outputAudioDurationMs(), outputAudioPerHour));
    }

    /**
     * {@code tokens} at {@code perMillion} plus {@code millis} of audio at {@code perHour}, rounded
     * once to the micro-dollar: both over one divisor (an hour is 3.6 × a million milliseconds),
     * so the sum is exact before its one rounding, and the division rounds the exact quotient.
     */
    private static BigDecimal cost(long tokens, BigDecimal perMillion, long millis, BigDecimal perHour) {
        BigDecimal tokenPart = tokens == 0 || perMillion.signum() == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(tokens).multiply(perMillion).multiply(MILLIS_PER_HOUR_IN_MILLIONS);
        BigDecimal audioPart = millis == 0 || perHour.signum() == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(millis).multiply(perHour);
        BigDecimal dividend = tokenPart.signum() == 0 ? audioPart : tokenPart.add(audioPart);
        if (dividend.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return dividend.divide(MILLIS_PER_HOUR, Costs.SCALE, RoundingMode.HALF_EVEN);
    }
}
