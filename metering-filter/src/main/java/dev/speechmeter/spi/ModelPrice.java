package dev.speechmeter.spi;

import java.math.BigDecimal;
import java.math.MathContext;
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
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

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
                per(usage.inputTextTokens(), MILLION, inputTextPerMillion),
                per(usage.inputAudioDurationMs(), MILLIS_PER_HOUR, inputAudioPerHour)
                        .add(per(usage.inputAudioTokens(), MILLION, inputAudioTokensPerMillion)),
                per(usage.outputTextTokens(), MILLION, outputTextPerMillion),
                per(usage.outputAudioDurationMs(), MILLIS_PER_HOUR, outputAudioPerHour)
                        .add(per(usage.outputAudioTokens(), MILLION, outputAudioTokensPerMillion)));
    }

    private static BigDecimal per(long amount, BigDecimal unit, BigDecimal price) {
        if (amount == 0 || price.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(amount).multiply(price).divide(unit, MathContext.DECIMAL128);
    }
}
