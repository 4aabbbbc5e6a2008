package dev.speechmeter.spi;

import java.util.List;

/**
 * Writes many usage records in one transaction: what a store implements so that
 * {@code BatchingLedger} can group the entries of concurrent requests into one commit.
 * Writing a record whose request id is already stored must leave one entry, not fail: the
 * ledger may hand a record over again after a failure whose outcome it could not know.
 */
@FunctionalInterface
public interface UsageBatchWriter {

    /**
     * Stores every record, all or none; returns once they are committed.
     *
     * @throws UsageRejectedException when a record holds a value the store cannot keep
     * @throws RuntimeException       when the store cannot take the batch now (unreachable, failing over)
     */
    void writeAll(List<UsageRecord> records);
}
