package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    private static final Instant MIDNIGHT = Instant.parse("2028-03-01T00:00:00Z");

    @Test
    void isAVersion7IdCarryingItsMillisecond() {
        UUID id = TimeOrderedIds.at(MIDNIGHT);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(MIDNIGHT.toEpochMilli());
    }

    @Test
    void aLaterMillisecondSortsAfter() {
        UUID before = TimeOrderedIds.at(MIDNIGHT.minusMillis(1));
        UUID after = TimeOrderedIds.at(MIDNIGHT);

        assertThat(before.toString()).isLessThan(after.toString());
        assertThat(before).isLessThan(after);
    }

    @Test
    void idsOfOneGeneratorInOneMillisecondAreInOrder() {
        TimeOrderedIds ids = new TimeOrderedIds(InstantSource.fixed(MIDNIGHT));
        UUID previous = ids.next();
        for (int i = 0; i < 1_000; i++) {
            UUID next = ids.next();
            assertThat(next.toString()).isGreaterThan(previous.toString());
            previous = next;
        }
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.at(MIDNIGHT));
        }

        assertThat(ids).hasSize(10_000);
    }
}
