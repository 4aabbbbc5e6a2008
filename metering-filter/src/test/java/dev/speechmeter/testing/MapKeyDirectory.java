package dev.speechmeter.testing;

import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A key directory held in memory, counting how often it is asked. */
public final class MapKeyDirectory implements KeyDirectory {

    private final Map<String, Caller> byHash = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final Set<UUID> used = ConcurrentHashMap.newKeySet();
    private final byte[] secret;

    /** A directory whose signing secret is random. */
    public MapKeyDirectory() {
        this(new SecureRandom().generateSeed(32));
    }

    /** A directory sharing a signing secret, as the directories of two servers on one database do. */
    public MapKeyDirectory(byte[] signingSecret) {
        this.secret = signingSecret.clone();
    }

    /** Registers a key for a new project of a new organization. */
    public Caller add(String secret, Limits organizationLimits, Limits projectLimits) {
        return add(secret, UUID.randomUUID(), organizationLimits, projectLimits);
    }

    /** Registers a key for a new project of the given organization. */
    public Caller add(String secret, UUID organizationId, Limits organizationLimits, Limits projectLimits) {
        Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), organizationId, organizationLimits, projectLimits);
        byHash.put(ApiKeys.hash(secret), caller);
        return caller;
    }

    /** Registers a key, with the given permissions, for a new project of the given organization. */
    public Caller add(String secret, UUID organizationId, Limits organizationLimits, Limits projectLimits,
                      Set<KeyPermission> permissions) {
        Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), organizationId, organizationLimits,
                projectLimits, permissions);
        byHash.put(ApiKeys.hash(secret), caller);
        return caller;
    }

    public void remove(String secret) {
        byHash.remove(ApiKeys.hash(secret));
    }

    @Override
    public Optional<Caller> findByHash(String keyHash) {
        lookups.incrementAndGet();
        return Optional.ofNullable(byHash.get(keyHash));
    }

    @Override
    public Optional<Caller> findById(UUID apiKeyId) {
        lookups.incrementAndGet();
        return byHash.values().stream().filter(caller -> caller.apiKeyId().equals(apiKeyId)).findFirst();
    }

    @Override
    public boolean claimOnce(UUID temporaryKeyId, Instant expiresAt) {
        return used.add(temporaryKeyId);
    }

    @Override
    public Optional<byte[]> signingSecret() {
        return Optional.of(secret.clone());
    }

    public int lookups() {
        return lookups.get();
    }
}
