package dev.speechmeter.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Reads the key from an {@code Authorization} header ({@code Bearer <key>} or {@code Token <key>})
 * and asks the directory who owns it. Answers, unknown keys included, are cached for a short
 * time so a flood of requests costs the directory one look-up per key and TTL.
 */
final class Authenticator {

    private final KeyDirectory directory;
    private final Cache<String, Optional<Caller>> callers;

    Authenticator(KeyDirectory directory, InstantSource clock, Duration ttl, long maxKeys) {
        this.directory = directory;
        this.callers = Caffeine.newBuilder()
                .ticker(Clocks.ticker(clock))
                // Maintenance on the calling thread: no pool thread woken per burst of reads, and
                // no unmanaged threads inside a Jakarta EE server.
                .executor(Runnable::run)
                .expireAfterWrite(ttl)
                .maximumSize(maxKeys)
                .build();
    }

    Caller authenticate(String authorization) throws AuthenticationFailure {
        return authenticateKey(keyFrom(authorization));
    }

    Caller authenticateKey(String key) throws AuthenticationFailure {
        if (!ApiKeys.isWellFormed(key)) {
            throw new AuthenticationFailure("Invalid API key.");
        }
        Optional<Caller> caller = callers.get(ApiKeys.hash(key), directory::findByHash);
        return caller.orElseThrow(() -> new AuthenticationFailure("Invalid API key."));
    }

    /** Forgets every cached answer, e.g. after keys were revoked. */
    void forgetAll() {
        callers.invalidateAll();
    }

    static String keyFrom(String authorization) throws AuthenticationFailure {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationFailure(
                    "Missing API key. Send it as 'Authorization: Bearer <key>' or 'Authorization: Token <key>'.");
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (space < 0 || !(scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Token"))) {
            throw new AuthenticationFailure(
                    "Malformed Authorization header. Send 'Authorization: Bearer <key>' or 'Authorization: Token <key>'.");
        }
        return header.substring(space + 1).strip();
    }
}
