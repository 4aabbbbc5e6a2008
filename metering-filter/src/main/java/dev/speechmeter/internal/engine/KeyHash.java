package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.ApiKeys;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The SHA-256 of a key's secret as four longs: what the key cache is keyed by. 32 bytes where the
 * hex text {@link ApiKeys#hash} makes for the directory takes 104; the text is made only when the
 * directory is asked.
 */
record KeyHash(long a, long b, long c, long d) {

    private static final HexFormat HEX = HexFormat.of();

    static KeyHash of(String secret) {
        ByteBuffer digest = ByteBuffer.wrap(ApiKeys.digest(secret));
        return new KeyHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    /** The hash as {@link ApiKeys#hash} writes it, as the directory keeps it. */
    String hex() {
        return HEX.formatHex(ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array());
    }
}
