package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.ApiKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a key's secret as four longs: what the key cache is keyed by. 32 bytes where the
 * hex text {@link ApiKeys#hash} makes for the directory takes 104; the text is made only when the
 * directory is asked.
 */
record KeyHash(long a, long b, long c, long d) {

    static KeyHash of(String secret) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
            return new KeyHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The hash as {@link ApiKeys#hash} writes it, as the directory keeps it. */
    String hex() {
        return HexFormat.of().formatHex(ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array());
    }
}
