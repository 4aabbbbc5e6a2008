package dev.speechmeter.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Making and hashing API key secrets. Only {@link #hash(String)} of a secret is ever stored;
 * because a secret carries 256 random bits, a plain SHA-256 is as strong as a slow hash here
 * and lets a directory find a key with one indexed look-up.
 *
 * <pre>{@code
 * String secret = ApiKeys.newSecret();       // shown once to its owner
 * String stored = ApiKeys.hash(secret);      // 64 hex characters, what the directory keeps
 * }</pre>
 */
public final class ApiKeys {

    /** Secrets start with this, so they are easy to spot in a leaked config file. */
    public static final String PREFIX = "sm_";
    /** Shortest secret a deployer may choose (SPEECHMETER_DEMO_KEY, for instance). */
    public static final int MIN_LENGTH = 32;
    /** Longest permanent key accepted in an Authorization header. */
    public static final int MAX_LENGTH = 512;
    /**
     * Longest temporary key accepted: one that carries the longest {@code client_reference_id}
     * (256 characters of up to 3 bytes each in UTF-8) and the longest usage type still fits.
     */
    public static final int MAX_TEMPORARY_LENGTH = 2_048;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    /**
     * Copied for each hash: a copy costs a fraction of {@code MessageDigest.getInstance}, which
     * searches the security providers, and every request with a key hashes it.
     */
    private static final MessageDigest SHA_256 = sha256();

    private ApiKeys() {
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return HEX.formatHex(digest(secret));
    }

    /** The SHA-256 of {@code secret}'s UTF-8 bytes, which {@link #hash} writes as hex. */
    public static byte[] digest(String secret) {
        return newSha256().digest(secret.getBytes(StandardCharsets.UTF_8));
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

    /** The first characters of a secret, safe to show in key listings. */
    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(7, secret.length()));
    }

    /** True when the text could be a key at all: printable ASCII without spaces, of a sane length. */
    public static boolean isWellFormed(String secret) {
        if (secret == null || secret.isEmpty()
                || secret.length() > (secret.startsWith("temp:") ? MAX_TEMPORARY_LENGTH : MAX_LENGTH)) {
            return false;
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
