package dev.speechmeter.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final UUID KEY = UUID.randomUUID();

    @Test
    void aTemporaryKeyGrantsSpeechOrReadingUsageNeverBoth() {
        Caller permanent = caller(KeyPermission.ALL);

        assertThat(permanent.through(grant("tts_rest")).permissions()).containsExactly(KeyPermission.SPEECH);
        assertThat(permanent.through(grant(TemporaryGrant.ANY_USAGE)).permissions()).containsExactly(KeyPermission.SPEECH);
        assertThat(permanent.through(grant(TemporaryGrant.USAGE_READ)).permissions())
                .containsExactly(KeyPermission.USAGE_READ);
    }

    @Test
    void aTemporaryKeyGrantsNothingItsMinterMayNotDo() {
        assertThat(caller(Set.of(KeyPermission.SPEECH)).through(grant(TemporaryGrant.USAGE_READ)).permissions()).isEmpty();
        assertThat(caller(Set.of(KeyPermission.USAGE_READ)).through(grant("tts_rest")).permissions()).isEmpty();
    }

    @Test
    void aReadingGrantAllowsNoSpeechEndpoint() {
        TemporaryGrant reading = grant(TemporaryGrant.USAGE_READ);

        assertThat(reading.readsUsage()).isTrue();
        assertThat(reading.allows("tts_rest")).isFalse();
        assertThat(grant(TemporaryGrant.ANY_USAGE).readsUsage()).isFalse();
    }

    private static Caller caller(Set<KeyPermission> permissions) {
        return new Caller(KEY, UUID.randomUUID(), UUID.randomUUID(), Limits.none(), Limits.none(), permissions);
    }

    private static TemporaryGrant grant(String usageType) {
        return new TemporaryGrant(UUID.randomUUID(), KEY, usageType, Instant.parse("2026-11-22T10:00:00Z"), false,
                null, null);
    }
}
