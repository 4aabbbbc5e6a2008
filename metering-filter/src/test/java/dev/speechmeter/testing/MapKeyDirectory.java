package dev.speechmeter.testing;

import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A key directory held in memory, counting how often it is asked. */
public final class MapKeyDirectory implements KeyDirectory {

    private final Map<String, Caller> byHash = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

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

    public void remove(String secret) {
        byHash.remove(ApiKeys.hash(secret));
    }

    @Override
    public Optional<Caller> findByHash(String keyHash) {
        lookups.incrementAndGet();
        return Optional.ofNullable(byHash.get(keyHash));
    }

    public int lookups() {
        return lookups.get();
    }
}
