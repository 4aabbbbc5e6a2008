package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Usage records made from a number alone, so that a test (or a process it started) can make the
 * same record twice and tell from a record read back which one it is. They vary every field the
 * journal keeps, and their callers are as {@link UsageRecordCodec} reads them back.
 */
final class JournalRecords {

    private static final long ID_HIGH = 0x6A6F75726E616CL;   // any fixed value: the number is in the low half
    private static final Instant EPOCH = Instant.parse("2028-02-29T23:59:00.123456789Z");
    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");

    private JournalRecords() {
    }

    /** The record of number {@code n}. */
    static UsageRecord numbered(long n) {
        Caller caller = new Caller(new UUID(3, n % 5), new UUID(2, n % 3), new UUID(1, n % 2), Limits.none(),
                Limits.none(), Set.of(), null);
        Usage usage = new Usage(n % 4 == 0 ? null : "model-" + n % 4, n, 2 * n, 1_000 + n, 3 * n, 0, n % 7);
        Costs costs = n % 10 == 3 ? Costs.ZERO : new Costs(BigDecimal.valueOf(n, 6), BigDecimal.valueOf(n * 7 + 1, 6),
                new BigDecimal("0.25"), BigDecimal.valueOf(Long.MAX_VALUE - n, 6));
        return new UsageRecord(new UUID(ID_HIGH, n), n % 3 == 0 ? null : "corr-" + n + "-\u00e9\uD83D\uDE00", caller,
                "transcribe_async", "/v1/transcriptions/" + n, n % 2 == 0 ? "sync" : "streaming",
                n % 10 == 3 ? 503 : 200, n % 5 == 0 ? null : "ref-\u65e5\u672c-" + n, EPOCH.plusMillis(n),
                EPOCH.plusMillis(2 * n + 1), usage, costs, n % 2 == 0 ? STT : null);
    }

    /** The records numbered {@code from} up to (not including) {@code to}. */
    static List<UsageRecord> numbered(long from, long to) {
        List<UsageRecord> records = new ArrayList<>();
        for (long n = from; n < to; n++) {
            records.add(numbered(n));
        }
        return records;
    }

    /** The number a record of {@link #numbered(long)} was made from. */
    static long number(UsageRecord record) {
        return record.requestId().getLeastSignificantBits();
    }

    static List<Long> numbers(List<UsageRecord> records) {
        return records.stream().map(JournalRecords::number).toList();
    }
}
