package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    private static final Instant MIDNIGHT = Instant.parse("2028-03-01T00:00:00Z");

    @Test
    void isAVersion7IdCarryingItsMillisecond() {
        UUID id = UuidV7.at(MIDNIGHT);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(MIDNIGHT.toEpochMilli());
    }

    @Test
    void aLaterMillisecondSortsAfter() {
        UUID before = UuidV7.at(MIDNIGHT.minusMillis(1));
        UUID after = UuidV7.at(MIDNIGHT);

        assertThat(before.toString()).isLessThan(after.toString());
        assertThat(before).isLessThan(after);
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(UuidV7.at(MIDNIGHT));
        }

        assertThat(ids).hasSize(10_000);
    }
}
