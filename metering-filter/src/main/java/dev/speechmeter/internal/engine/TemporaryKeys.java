package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.TemporaryGrant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Temporary keys as signed tokens: everything a server needs to check one is in
 * the key itself, signed with HMAC-SHA256 under a secret all servers of a deployment share, so
 * verifying it needs no database round trip. What a signature cannot tell (has the parent key
 * been revoked, was a single-use key used before) the caller of {@link #verify} checks.
 *
 * <pre>{@code
 * TemporaryKeys keys = new TemporaryKeys(secret, clock);
 * String key = keys.mint(new TemporaryGrant(UUID.randomUUID(), parentKeyId, "transcribe_websocket",
 *         clock.instant().plusSeconds(60), false, null, "user-42"));   // "temp:..."
 * TemporaryGrant grant = keys.verify(key);   // or AuthenticationFailure
 * }</pre>
 *
 * <p>A key is {@code temp:<payload>.<signature>}, both base64url: the payload holds a format
 * version, the key's own id, its parent key's id, the usage type, the expiry, the single-use
 * flag, the longest session, and the bound {@code client_reference_id}.
 */
public final class TemporaryKeys {

    public static final String PREFIX = "temp:";
    /** Shortest signing secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = KeyDirectory.MIN_SECRET_BYTES;

    /** The longest a temporary key may live ({@code expires_in_seconds} up to 3600). */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /** How far ahead of the verifying server the minting server's clock may run. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte VERSION = 1;
    private static final int SIGNATURE_BYTES = 32;
    private static final String INVALID = "Invalid API key.";

    private final Mac prototype;
    private final MeteringEvents events;
    private final InstantSource clock;

    public TemporaryKeys(byte[] secret, InstantSource clock) {
        this(secret, clock, MeteringEvents.NONE);
    }

    TemporaryKeys(byte[] secret, InstantSource clock, MeteringEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("The signing secret of temporary keys needs at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
        }
    }

    /** True when the text has the form of a temporary key (not whether it is a good one). */
    public static boolean isTemporary(String key) {
        return key != null && key.startsWith(PREFIX);
    }

    /**
     * The signed key for a grant; every key minted is one {@link #verify} accepts until it expires.
     *
     * @throws IllegalArgumentException when the grant would make a key too long to be sent back
     *                                  ({@link ApiKeys#MAX_TEMPORARY_LENGTH}), or outlive
     *                                  {@link #MAX_LIFETIME}
     */
    public String mint(TemporaryGrant grant) {
        if (grant.expiresAt().isAfter(clock.instant().plus(MAX_LIFETIME).plusSeconds(1))) {
            throw new IllegalArgumentException("A temporary key lives at most " + MAX_LIFETIME.toSeconds() + " s");
        }
        byte[] payload = encode(grant);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String key = PREFIX + base64.encodeToString(payload) + "." + base64.encodeToString(sign(payload));
        if (!ApiKeys.isWellFormed(key)) {
            throw new IllegalArgumentException("The grant makes a key of " + key.length() + " characters; at most "
                    + ApiKeys.MAX_TEMPORARY_LENGTH + " can be used");
        }
        events.temporaryKeyMinted();
        return key;
    }

    /**
     * The grant a key carries, once its signature and expiry are checked.
     *
     * @throws AuthenticationFailure when the key is malformed, tampered with, signed with another
     *                               secret, or expired; the message never contains the key
     */
    public TemporaryGrant verify(String key) throws AuthenticationFailure {
        if (!isTemporary(key)) {
            throw new AuthenticationFailure(INVALID);
        }
        int dot = key.indexOf('.', PREFIX.length());
        if (dot < 0 || key.indexOf('.', dot + 1) >= 0) {
            throw new AuthenticationFailure(INVALID);
        }
        byte[] payload;
        byte[] signature;
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            payload = base64.decode(key.substring(PREFIX.length(), dot));
            signature = base64.decode(key.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailure(INVALID);
        }
        if (signature.length != SIGNATURE_BYTES || !MessageDigest.isEqual(signature, sign(payload))) {
            throw new AuthenticationFailure(INVALID);
        }
        TemporaryGrant grant = decode(payload);
        Instant now = clock.instant();
        if (!now.isBefore(grant.expiresAt())) {
            throw new AuthenticationFailure("The temporary API key has expired.");
        }
        if (grant.expiresAt().isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            // Signed with the right secret, yet longer-lived than any minter makes: not honoured.
            throw new AuthenticationFailure(INVALID);
        }
        return grant;
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = (Mac) prototype.clone();
            return mac.doFinal(payload);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(ALGORITHM + " cannot be cloned on this JVM", e);
        }
    }

    private static byte[] encode(TemporaryGrant grant) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeUuid(out, grant.keyId());
            writeUuid(out, grant.parentKeyId());
            writeText(out, grant.usageType());
            out.writeLong(grant.expiresAt().getEpochSecond());
            out.writeBoolean(grant.singleUse());
            out.writeLong(grant.maxSession() == null ? 0 : grant.maxSession().toSeconds());
            out.writeBoolean(grant.clientReferenceId() != null);
            if (grant.clientReferenceId() != null) {
                writeText(out, grant.clientReferenceId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a payload whose signature is good; a payload that does not parse is still refused. */
    private static TemporaryGrant decode(byte[] payload) throws AuthenticationFailure {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) {
                throw new AuthenticationFailure(INVALID);
            }
            UUID keyId = readUuid(in);
            UUID parentKeyId = readUuid(in);
            String usageType = readText(in);
            Instant expiresAt = Instant.ofEpochSecond(in.readLong());
            boolean singleUse = in.readBoolean();
            long maxSessionSeconds = in.readLong();
            String clientReferenceId = in.readBoolean() ? readText(in) : null;
            if (in.available() > 0) {
                throw new AuthenticationFailure(INVALID);
            }
            return new TemporaryGrant(keyId, parentKeyId, usageType, expiresAt, singleUse,
                    maxSessionSeconds == 0 ? null : Duration.ofSeconds(maxSessionSeconds), clientReferenceId);
        } catch (IOException | RuntimeException e) {
            throw new AuthenticationFailure(INVALID);
        }
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readUnsignedShort()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
