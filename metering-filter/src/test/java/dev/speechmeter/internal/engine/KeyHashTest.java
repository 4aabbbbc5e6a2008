package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.ApiKeys;
import org.junit.jupiter.api.Test;

class KeyHashTest {

    @Test
    void theDirectoryIsAskedForTheHashItKeeps() {
        String secret = ApiKeys.newSecret();

        assertThat(KeyHash.of(secret).hex()).isEqualTo(ApiKeys.hash(secret));
        assertThat(KeyHash.of(secret)).isEqualTo(KeyHash.of(secret)).isNotEqualTo(KeyHash.of(ApiKeys.newSecret()));
    }
}
