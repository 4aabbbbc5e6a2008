package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A key look-up forgotten because the key cache is full: the next use of the key asks the
 * directory again, so an eviction can only make an answer fresher, never let a revoked key in.
 */
class KeyCacheEvictionTest {

    private static final int MAX_KEYS = 50;

    private final EngineFixture fixture = new EngineFixture(MeteringConfig.builder().keyCacheSize(MAX_KEYS).build());
    private final MeteringEngine engine = fixture.engine;

    @Test
    void aKeyForgottenForRoomIsLookedUpAgainAndARevokedOneIsThenRefused() throws Exception {
        String kept = UUID.randomUUID().toString();
        String revoked = UUID.randomUUID().toString();
        Caller keptCaller = fixture.directory.add(kept, Limits.none(), Limits.none());
        fixture.directory.add(revoked, Limits.none(), Limits.none());
        engine.authenticateKey(kept);
        engine.authenticateKey(revoked);
        int lookups = fixture.directory.lookups();
        engine.authenticateKey(kept);
        assertThat(fixture.directory.lookups()).as("answered from the cache").isEqualTo(lookups);

        fixture.directory.remove(revoked);
        for (int i = 0; i < 100 * MAX_KEYS; i++) {
            String other = UUID.randomUUID().toString();
            fixture.directory.add(other, Limits.none(), Limits.none());
            engine.authenticateKey(other);
            engine.authenticateKey(other);
        }
        lookups = fixture.directory.lookups();

        assertThat(engine.authenticateKey(kept)).isEqualTo(keptCaller);
        assertThatThrownBy(() -> engine.authenticateKey(revoked)).isInstanceOf(AuthenticationFailure.class);
        assertThat(fixture.directory.lookups()).as("both asked of the directory again").isEqualTo(lookups + 2);
    }
}
