package dev.speechmeter.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.MeteringConfig;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelPriceTest {

    private static final ModelPrice STT = ModelPrice.FREE
            .withInputAudioPerHour(new BigDecimal("0.10"))
            .withOutputTextPerMillion(new BigDecimal("1.50"));

    @Test
    void pricesAudioByTheHourAndTokensByTheMillion() {
        Costs costs = STT.price(new Usage("stt", 0, 0, 90_000, 200, 0, 0));

        assertThat(costs.inputAudioCostUsd()).isEqualByComparingTo("0.002500");
        assertThat(costs.outputTextCostUsd()).isEqualByComparingTo("0.000300");
        assertThat(costs.costUsd().toPlainString()).isEqualTo("0.002800");
    }

    @Test
    void theCostFieldsAlwaysAddUp() {
        ModelPrice odd = new ModelPrice(new BigDecimal("0.333333"), new BigDecimal("0.777777"),
                new BigDecimal("3.141592"), new BigDecimal("2.718281"), new BigDecimal("1.414213"), new BigDecimal("9.99"));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Usage usage = new Usage("m", random.nextInt(100_000), random.nextInt(100_000), random.nextInt(10_000_000),
                    random.nextInt(100_000), random.nextInt(100_000), random.nextInt(10_000_000));
            Costs costs = odd.price(usage);
            assertThat(costs.inputCostUsd()).isEqualTo(costs.inputTextCostUsd().add(costs.inputAudioCostUsd()));
            assertThat(costs.outputCostUsd()).isEqualTo(costs.outputTextCostUsd().add(costs.outputAudioCostUsd()));
            assertThat(costs.costUsd()).isEqualTo(costs.inputCostUsd().add(costs.outputCostUsd()));
            assertThat(costs.costUsd().scale()).isEqualTo(6);
        }
    }

    @Test
    void roundsHalfEvenToTheMicroDollar() {
        // 1 token at 0.5 USD a million is 0.0000005: half-even rounds it to 0.000000; 3 tokens to 0.000002.
        ModelPrice price = ModelPrice.FREE.withInputTextPerMillion(new BigDecimal("0.5"));

        assertThat(price.price(new Usage("m", 1, 0, 0, 0, 0, 0)).inputTextCostUsd().toPlainString()).isEqualTo("0.000000");
        assertThat(price.price(new Usage("m", 3, 0, 0, 0, 0, 0)).inputTextCostUsd().toPlainString()).isEqualTo("0.000002");
    }

    @Test
    void aModelWithoutAPriceCostsNothing() {
        PriceTable table = new ModelPriceTable(Map.of("stt", STT));

        assertThat(table.price(new Usage("other", 0, 0, 90_000, 0, 0, 0))).isEqualTo(Costs.ZERO);
        assertThat(table.price(new Usage(null, 0, 0, 90_000, 0, 0, 0))).isEqualTo(Costs.ZERO);
        assertThat(table.price(new Usage("stt", 0, 0, 90_000, 0, 0, 0)).costUsd()).isEqualByComparingTo("0.0025");
    }

    @Test
    void readsPricesFromConfiguration() {
        Map<String, String> properties = Map.of(
                "speechmeter.prices.models", "stt, tts-1.5",
                "speechmeter.prices.stt.input-audio-per-hour", "0.10",
                "speechmeter.prices.stt.output-text-per-million", "1.50",
                "speechmeter.prices.tts-1.5.input-text-per-million", "15");

        MeteringConfig config = MeteringConfig.fromProperties(properties::get);

        assertThat(config.prices().get("stt")).isEqualTo(STT);
        assertThat(config.prices().get("tts-1.5").inputTextPerMillion()).isEqualByComparingTo("15");
    }

    @Test
    void aMalformedOrNegativePriceFailsNamingTheProperty() {
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of("speechmeter.prices.models", "stt",
                "speechmeter.prices.stt.input-audio-per-hour", "ten cents")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.prices.stt.input-audio-per-hour")
                .hasMessageContaining("'ten cents'");
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of("speechmeter.prices.models", "stt",
                "speechmeter.prices.stt.output-text-per-million", "-1")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.prices.stt.output-text-per-million");
    }
}
