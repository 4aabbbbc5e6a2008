package dev.speechmeter.spi;

import java.util.UUID;

/**
 * A key just made: its public id and the secret, which is shown this once and never stored.
 */
public record CreatedKey(UUID apiKeyId, String secret) {

    @Override
    public String toString() {
        return "CreatedKey[apiKeyId=" + apiKeyId + ", secret=" + ApiKeys.displayPrefix(secret) + "...]";
    }
}
