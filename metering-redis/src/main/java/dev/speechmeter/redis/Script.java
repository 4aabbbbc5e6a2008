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
 * {@code now} before it (and the shared parts it builds on, such as the rate check of
 * {@code rate-check.lua}, the lease functions of {@code pool.lua} or the concurrency history of
 * {@code history.lua}), and its SHA-1 for
 * {@code EVALSHA}.
 */
record Script(String name, String source, String sha) {

    static final Script TAKE_REQUEST = load("take-request", "rate-check", "rate-commit");
    static final Script GIVE_BACK = load("give-back");
    static final Script RATE_STANDING = load("rate-standing");
    static final Script ACQUIRE_SLOT = load("acquire-slot", "pool", "history");
    static final Script ADMIT = load("admit", "rate-check", "rate-commit", "pool", "history");
    static final Script RELEASE_SLOT = load("release-slot", "history");
    static final Script RECORD_ADMISSION = load("record-admission", "history");
    static final Script HISTORY_PERIODS = load("history-periods");
    static final Script HISTORY_LEVEL = load("history-level");
    static final Script RENEW_LEASES = load("renew-leases", "pool");
    static final Script SLOTS_IN_USE = load("slots-in-use");
    static final Script POOL_USE = load("pool-use");

    /** The script {@code name}, after the prelude and then the shared {@code parts} it builds on. */
    private static Script load(String name, String... parts) {
        StringBuilder source = new StringBuilder(read("now"));
        for (String part : parts) {
            source.append(read(part));
        }
        return withDigest(name, source.append(read(name)).toString());
    }

    private static Script withDigest(String name, String source) {
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
