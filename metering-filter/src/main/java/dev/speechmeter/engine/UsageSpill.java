package dev.speechmeter.engine;

import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import java.io.IOException;
import java.util.List;

/**
 * Where {@link BatchingLedger} sets entries aside while the store cannot take them: durable once
 * {@link #append} returns, and handed back to the store by {@link #replay} when it can.
 */
interface UsageSpill {

    /** Keeps the records; returns once they survive a crash. */
    void append(List<UsageRecord> records) throws IOException;

    /**
     * Hands every record kept before the call to {@code sink}, oldest first, in batches of at most
     * {@code maxBatch}, forgetting each batch the sink takes; stops at the first batch it refuses
     * (rethrowing), keeping the rest.
     *
     * @return how many records the sink took
     */
    int replay(UsageBatchWriter sink, int maxBatch) throws IOException;

    boolean isEmpty();
}
