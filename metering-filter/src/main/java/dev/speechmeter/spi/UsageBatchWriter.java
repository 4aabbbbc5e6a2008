package dev.speechmeter.spi;

import java.util.List;

/**
 * Writes many usage records in one transaction: what a store implements so that
 * {@code BatchingLedger} can group the entries of concurrent requests into one commit.
 * Writing a record whose request id is already stored must leave one entry, not fail.
 */
@FunctionalInterface
public interface UsageBatchWriter {

    /** Stores every record, all or none; returns once they are committed. */
    void writeAll(List<UsageRecord> records);
}
