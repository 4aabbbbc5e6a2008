package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.TemporaryGrant;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads the key from an {@code Authorization} header ({@code Bearer <key>} or {@code Token <key>})
 * and asks the directory who owns it. Answers, unknown keys included, are cached for a short
 * time so a flood of requests costs the directory one look-up per key and TTL; and an address
 * whose keys keep failing is refused look-ups for a while, so a flood of random keys costs the
 * directory a bounded number of look-ups too.
 */
final class Authenticator {

    private static final String INVALID = "Invalid API key.";
    private static final Duration KNOWN_GOOD_FOR = Duration.ofHours(1);

    private final KeyDirectory directory;
    private final TemporaryKeys temporaryKeys;
    private final Cache<KeyHash, Optional<Caller>> callers;
    private final Cache<UUID, Optional<Caller>> parents;
    private final AuthenticationThrottle throttle;
    /**
     * Keys (hashes, or parent ids) the directory vouched for lately: a throttled address may
     * still have them looked up again, so a flood of bad keys from a shared address (a proxy, a
     * NAT) does not lock its good keys out once their cached answer expires.
     */
    private final Cache<Object, Boolean> knownGood;
    private final MeteringEvents events;

    Authenticator(KeyDirectory directory, TemporaryKeys temporaryKeys, InstantSource clock, Duration ttl,
                  long maxKeys, int failuresPerMinute, MeteringEvents events) {
        this.events = events;
        this.directory = directory;
        this.temporaryKeys = temporaryKeys;
        this.callers = cache(clock, ttl, maxKeys);
        this.parents = cache(clock, ttl, maxKeys);
        this.throttle = new AuthenticationThrottle(failuresPerMinute, clock, maxKeys);
        this.knownGood = cache(clock, KNOWN_GOOD_FOR, maxKeys);
    }

    private static <K, V> Cache<K, V> cache(InstantSource clock, Duration ttl, long maxKeys) {
        return Caffeine.newBuilder()
                .ticker(Clocks.ticker(clock))
                // Maintenance on the calling thread: no pool thread woken per burst of reads, and
                // no unmanaged threads inside a Jakarta EE server.
                .executor(Runnable::run)
                .expireAfterWrite(ttl)
                .maximumSize(maxKeys)
                .build();
    }

    Caller authenticate(String authorization) throws AuthenticationFailure {
        return authenticate(authorization, null);
    }

    Caller authenticateKey(String key) throws AuthenticationFailure {
        return authenticateKey(key, null);
    }

    Caller authenticate(String authorization, String clientAddress) throws AuthenticationFailure {
        return authenticateKey(keyFrom(authorization), clientAddress);
    }

    /**
     * The caller behind a permanent key, or behind a temporary key's parent (acting through the
     * temporary key's grant). A temporary key needs a good signature, a future expiry and a live
     * parent; the parent is looked up by id, cached like permanent keys.
     *
     * @param clientAddress where the key came from, or null when the door cannot tell: an address
     *                      that failed too often gets no look-up of a key not already cached
     */
    Caller authenticateKey(String key, String clientAddress) throws AuthenticationFailure {
        if (!ApiKeys.isWellFormed(key)) {
            throw new AuthenticationFailure(INVALID);
        }
        if (TemporaryKeys.isTemporary(key)) {
            TemporaryGrant grant = temporaryKeys.verify(key);
            return lookUp(parents, grant.parentKeyId(), directory::findById, clientAddress).through(grant);
        }
        return lookUp(callers, KeyHash.of(key), hash -> directory.findByHash(hash.hex()), clientAddress);
    }

    private <K> Caller lookUp(Cache<K, Optional<Caller>> cache, K key, Function<K, Optional<Caller>> directoryLookUp,
                              String clientAddress) throws AuthenticationFailure {
        Optional<Caller> caller = cache.getIfPresent(key);
        events.keyLookedUp(caller != null);
        if (caller == null) {
            long wait = throttle.secondsUntilAllowed(clientAddress);
            if (wait > 0 && knownGood.getIfPresent(key) == null) {
                throw new AuthenticationThrottled(wait);
            }
            caller = cache.get(key, directoryLookUp);
            if (caller.isPresent()) {
                knownGood.put(key, Boolean.TRUE);
            }
        }
        if (caller.isEmpty()) {
            throttle.failed(clientAddress);
            throw new AuthenticationFailure(INVALID);
        }
        return caller.get();
    }

    /**
     * Counts a use of the caller's key: a single-use temporary key's first use passes, on any
     * server sharing the directory; every later one is refused.
     */
    void use(Caller caller) throws AuthenticationFailure {
        TemporaryGrant grant = caller.temporary();
        if (grant != null && grant.singleUse() && !directory.claimOnce(grant.keyId(), grant.expiresAt())) {
            throw new AuthenticationFailure("This single-use temporary API key has already been used.");
        }
    }

    /** Forgets every cached answer, e.g. after keys were revoked. */
    void forgetAll() {
        callers.invalidateAll();
        parents.invalidateAll();
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
