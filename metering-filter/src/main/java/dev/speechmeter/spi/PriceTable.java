package dev.speechmeter.spi;


/**
 * Prices a request's usage. The default charges nothing; a deployer configures one per model.
 */
@FunctionalInterface
public interface PriceTable {

    PriceTable FREE = usage -> Costs.ZERO;

    Costs price(Usage usage);
}
