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

    private static final HexFormat HEX = HexFormat.of();
    /** Copied for each key: a copy costs a fraction of {@code MessageDigest.getInstance}, which searches the providers. */
    private static final MessageDigest SHA_256 = sha256();

    static KeyHash of(String secret) {
        ByteBuffer digest = ByteBuffer.wrap(newSha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
        return new KeyHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    /** The hash as {@link ApiKeys#hash} writes it, as the directory keeps it. */
    String hex() {
        return HEX.formatHex(ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array());
    }

    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            // A provider whose digests cannot be copied: look one up each time.
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
