package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.speechmeter.spi.IdempotencyClaim;
import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.StoredResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idempotency keys in this server's memory, for a deployment without a shared store: bounded in
 * number, each forgotten when it expires by the injected clock.
 */
public final class LocalIdempotencyStore implements IdempotencyStore {

    private record Key(UUID projectId, String key) {
    }

    private record Entry(byte[] fingerprint, UUID requestId, Instant startedAt, Instant expiresAt,
                         StoredResponse response) {

        boolean running() {
            return response == null;
        }
    }

    private final InstantSource clock;
    private final Cache<Key, Entry> keys;

    public LocalIdempotencyStore(InstantSource clock, long maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .ticker(Clocks.ticker(clock))
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key key, Entry entry, long currentTime) {
                        return untilExpiry(entry);
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
                        return untilExpiry(entry);
                    }

                    @Override
                    public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    private long untilExpiry(Entry entry) {
        Duration left = Duration.between(clock.instant(), entry.expiresAt());
        return left.isNegative() ? 0 : saturatedNanos(left);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public IdempotencyClaim claim(UUID projectId, String key, byte[] fingerprint, UUID requestId, Instant now,
                                  Duration lease, Instant expiresAt) {
        AtomicReference<IdempotencyClaim> result = new AtomicReference<>();
        keys.asMap().compute(new Key(projectId, key), (k, entry) -> {
            boolean free = entry == null || !entry.expiresAt().isAfter(now)
                    || (entry.running() && !entry.startedAt().plus(lease).isAfter(now));
            if (free) {
                result.set(IdempotencyClaim.CLAIMED);
                return new Entry(fingerprint.clone(), requestId, now, expiresAt, null);
            }
            if (!Arrays.equals(entry.fingerprint(), fingerprint)) {
                result.set(IdempotencyClaim.MISMATCH);
            } else if (entry.running()) {
                result.set(IdempotencyClaim.RUNNING);
            } else {
                result.set(IdempotencyClaim.completed(entry.response()));
            }
            return entry;
        });
        return result.get();
    }

    @Override
    public void complete(UUID projectId, String key, UUID requestId, StoredResponse response, Instant expiresAt) {
        keys.asMap().computeIfPresent(new Key(projectId, key), (k, entry) -> entry.requestId().equals(requestId)
                ? new Entry(entry.fingerprint(), requestId, entry.startedAt(), expiresAt, response) : entry);
    }

    @Override
    public void release(UUID projectId, String key, UUID requestId) {
        keys.asMap().computeIfPresent(new Key(projectId, key), (k, entry) ->
                entry.requestId().equals(requestId) && entry.running() ? null : entry);
    }
}
