package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import dev.speechmeter.spi.Level;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Requests per minute for one organization or project: a bucket of {@code n} tokens that refills
 * greedily at {@code n} a minute ({@link GreedyBucket}, Bucket4j's greedy bucket in 32 bytes), so a
 * refused caller learns exactly when one token is back.
 *
 * <p>Buckets live in a Caffeine cache that forgets a bucket after a minute without use: by then a
 * greedy bucket is full again, so forgetting it changes no decision, and idle callers cost no memory.
 */
final class RateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final TimeMeter timeMeter;
    private final Cache<UUID, GreedyBucket> organizations;
    private final Cache<UUID, GreedyBucket> projects;

    RateLimiter(InstantSource clock, long maxBuckets) {
        this.timeMeter = Clocks.timeMeter(clock);
        this.organizations = newCache(clock, maxBuckets);
        this.projects = newCache(clock, maxBuckets);
    }

    private static Cache<UUID, GreedyBucket> newCache(InstantSource clock, long maxBuckets) {
        return Caffeine.newBuilder()
                .ticker(Clocks.ticker(clock))
                // Maintenance on the calling thread: no pool thread woken per burst of reads, and
                // no unmanaged threads inside a Jakarta EE server.
                .executor(Runnable::run)
                .expireAfterAccess(WINDOW.plusSeconds(1))
                .maximumSize(maxBuckets)
                .build();
    }

    /** Takes one token; on refusal returns the nanoseconds until one is back, else -1. */
    long tryTake(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).tryTake(timeMeter.currentTimeNanos());
    }

    /** Gives back a token taken by a request that a later check refused. */
    void giveBack(Level level, UUID owner, int perMinute) {
        bucket(level, owner, perMinute).giveBack(timeMeter.currentTimeNanos());
    }

    /** Nanoseconds until one token is available, without taking it. */
    long nanosUntilAvailable(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).nanosUntilAvailable(timeMeter.currentTimeNanos());
    }

    /** Tokens left now. */
    long available(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).available(timeMeter.currentTimeNanos());
    }

    /** Nanoseconds until the bucket is full again. */
    long nanosUntilFull(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).nanosUntilFull(timeMeter.currentTimeNanos());
    }

    private GreedyBucket bucket(Level level, UUID owner, int perMinute) {
        Cache<UUID, GreedyBucket> buckets = level == Level.ORGANIZATION ? organizations : projects;
        GreedyBucket bucket = buckets.getIfPresent(owner);
        if (bucket == null || bucket.capacity() != perMinute) {
            // New, or the limit was changed in the directory: start afresh at the new size rather
            // than carry tokens counted against another limit.
            bucket = buckets.asMap().compute(owner, (k, old) ->
                    old != null && old.capacity() == perMinute ? old : new GreedyBucket(perMinute));
        }
        return bucket;
    }

    long size() {
        organizations.cleanUp();
        projects.cleanUp();
        return organizations.estimatedSize() + projects.estimatedSize();
    }
}
