package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorableRecordsTest {

    private static final Caller CALLER = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none());
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aRecordThatFitsIsReturnedAsItIs() {
        UsageRecord record = new UsageRecord(UUID.randomUUID(), "corr", CALLER, "tts_rest", "/tts", "sync", 200,
                "caf\u00e9 \ud83c\udfb5", NOW, NOW, new Usage("tts-1", 1, 2, 3, 4, 5, 6),
                new Costs(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, StorableRecords.MAX_COST));

        assertThat(StorableRecords.storable(record)).isSameAs(record);
    }

    @ParameterizedTest
    @CsvSource({
            // value (\\0 = NUL, \\h = a lone high surrogate, \\l = a lone low one, \\p = a pair), max, expected
            "ab\\0c,      10, ab?c",
            "a\\hb,       10, a?b",
            "a\\lb,       10, a?b",
            "\\l\\h,      10, ??",
            "a\\pb,       10, a\\pb",
            "abcdef,      4,  abcd",
            "abc\\p,      4,  abc",
            "abc\\p,      5,  abc\\p",
            "\\0\\0\\0,   2,  ??",
    })
    void textIsCleanedThenCutWithoutSplittingACharacter(String value, int max, String expected) {
        assertThat(StorableRecords.text(decode(value), max)).isEqualTo(decode(expected).replace('?', '\uFFFD'));
    }

    @Test
    void everyFieldIsMadeToFitAndCostsAreCapped() {
        UsageRecord record = new UsageRecord(UUID.randomUUID(), "c".repeat(129), CALLER, "s".repeat(65),
                "/" + "e".repeat(2048), "m".repeat(17), 200, "r".repeat(257), NOW, NOW,
                new Usage("x".repeat(257), 1, 2, 3, 4, 5, 6),
                new Costs(new BigDecimal("1e20"), BigDecimal.ONE, new BigDecimal("1e15"), BigDecimal.TEN));

        UsageRecord storable = StorableRecords.storable(record);

        assertThat(storable.correlationId()).hasSize(128);
        assertThat(storable.requestScope()).hasSize(64);
        assertThat(storable.endpoint()).hasSize(2048);
        assertThat(storable.method()).hasSize(16);
        assertThat(storable.clientReferenceId()).hasSize(256);
        assertThat(storable.usage()).isEqualTo(new Usage("x".repeat(256), 1, 2, 3, 4, 5, 6));
        assertThat(storable.costs()).isEqualTo(new Costs(StorableRecords.MAX_COST, BigDecimal.ONE,
                StorableRecords.MAX_COST, BigDecimal.TEN));
        assertThat(storable.costs().costUsd()).isLessThan(new BigDecimal("99999999999999.999999"));
        assertThat(storable.requestId()).isEqualTo(record.requestId());
        assertThat(storable.statusCode()).isEqualTo(200);
    }

    private static String decode(String text) {
        return text.replace("\\0", "\u0000").replace("\\h", "\ud83c").replace("\\l", "\udfb5")
                .replace("\\p", "\ud83c\udfb5");
    }
}
