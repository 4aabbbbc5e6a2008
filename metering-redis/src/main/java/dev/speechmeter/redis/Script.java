package dev.speechmeter.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script of this module, read from its resource with the shared prelude that sets
 * {@code now} before it, and its SHA-1 for {@code EVALSHA}.
 */
record Script(String name, String source, String sha) {

    static final Script TAKE_REQUEST = load("take-request");
    static final Script GIVE_BACK = load("give-back");
    static final Script RATE_STANDING = load("rate-standing");
    static final Script ACQUIRE_SLOT = load("acquire-slot");
    static final Script ADMIT = load("admit");
    static final Script RELEASE_SLOT = load("release-slot");
    static final Script RENEW_LEASES = load("renew-leases");
    static final Script SLOTS_IN_USE = load("slots-in-use");

    private static Script load(String name) {
        String source = read("now") + read(name);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new Script(name, source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    private static String read(String name) {
        try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
