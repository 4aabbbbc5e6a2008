package dev.speechmeter.spi;

import java.util.Map;

/**
 * A {@link PriceTable} from a price per model name; a model it does not list costs nothing.
 *
 * <pre>{@code
 * PriceTable prices = new ModelPriceTable(Map.of("stt-async-sample",
 *         ModelPrice.FREE.withInputAudioPerHour(new BigDecimal("0.10"))));
 * }</pre>
 */
public record ModelPriceTable(Map<String, ModelPrice> models) implements PriceTable {

    public ModelPriceTable {
        models = Map.copyOf(models);
    }

    @Override
    public Costs price(Usage usage) {
        ModelPrice price = usage.model() == null ? null : models.get(usage.model());
        return price == null ? Costs.ZERO : price.price(usage);
    }
}
