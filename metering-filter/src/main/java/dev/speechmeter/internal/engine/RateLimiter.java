package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.speechmeter.spi.Level;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.local.LockFreeBucket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute for one organization or project: a Bucket4j bucket of {@code n} tokens that
 * refills greedily at {@code n} a minute, so a refused caller learns exactly when one token is back.
 *
 * <p>Buckets live in a Caffeine cache that forgets a bucket after a minute without use: by then a
 * greedy bucket is full again, so forgetting it changes no decision, and idle callers cost no memory.
 */
final class RateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** Limits are few; past this many distinct sizes a bucket gets a configuration of its own. */
    private static final int MAX_SHARED_CONFIGURATIONS = 1_000;

    private final HeldTime time;
    private final Map<Integer, BucketConfiguration> configurations = new ConcurrentHashMap<>();
    private final Cache<UUID, SizedBucket> organizations;
    private final Cache<UUID, SizedBucket> projects;

    RateLimiter(InstantSource clock, long maxBuckets) {
        this.time = new HeldTime(clock);
        this.organizations = newCache(time, maxBuckets);
        this.projects = newCache(time, maxBuckets);
    }

    private static Cache<UUID, SizedBucket> newCache(HeldTime time, long maxBuckets) {
        return Caffeine.newBuilder()
                .ticker(time)
                // Maintenance on the calling thread: no pool thread woken per burst of reads, and
                // no unmanaged threads inside a Jakarta EE server.
                .executor(Runnable::run)
                .expireAfterAccess(WINDOW.plusSeconds(1))
                .maximumSize(maxBuckets)
                .build();
    }

    /**
     * Reads the clock once for what this thread asks next, until {@link HeldTime#release}: the
     * buckets and their caches all see that one reading.
     */
    long[] holdTime() {
        return time.hold();
    }

    /**
     * Takes one token. The probe tells, as of the decision, the tokens left and the nanoseconds
     * until the bucket is full again, and on refusal the nanoseconds until one token is back.
     */
    ConsumptionProbe tryTake(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).tryConsumeAndReturnRemaining(1);
    }

    /** Gives back a token taken by a request that a later check refused. */
    void giveBack(Level level, UUID owner, int perMinute) {
        bucket(level, owner, perMinute).addTokens(1);
    }

    /** Nanoseconds until one token is available, without taking it. */
    long nanosUntilAvailable(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    /** Tokens left now. */
    long available(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).getAvailableTokens();
    }

    /** Nanoseconds until the bucket is full again. */
    long nanosUntilFull(Level level, UUID owner, int perMinute) {
        return bucket(level, owner, perMinute).estimateAbilityToConsume(perMinute).getNanosToWaitForRefill();
    }

    private Bucket bucket(Level level, UUID owner, int perMinute) {
        Cache<UUID, SizedBucket> buckets = level == Level.ORGANIZATION ? organizations : projects;
        SizedBucket sized = buckets.getIfPresent(owner);
        if (sized == null || sized.perMinute != perMinute) {
            // New, or the limit was changed in the directory: start afresh at the new size rather
            // than carry tokens counted against another limit.
            sized = buckets.asMap().compute(owner, (k, old) ->
                    old != null && old.perMinute == perMinute ? old : newBucket(perMinute));
        }
        return sized.bucket;
    }

    private SizedBucket newBucket(int perMinute) {
        // One configuration per size, shared by every bucket of that size: a bucket built by
        // Bucket.builder() carries its own, a third of its weight, and a server keeps a bucket per
        // organization and per project active within the minute.
        BucketConfiguration configuration = configurations.get(perMinute);
        if (configuration == null) {
            configuration = BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, WINDOW))
                    .build();
            if (configurations.size() < MAX_SHARED_CONFIGURATIONS) {
                configurations.putIfAbsent(perMinute, configuration);
            }
        }
        return new SizedBucket(perMinute, new LockFreeBucket(configuration, MathType.INTEGER_64_BITS, time,
                BucketListener.NOPE));
    }

    long size() {
        organizations.cleanUp();
        projects.cleanUp();
        return organizations.estimatedSize() + projects.estimatedSize();
    }

    private record SizedBucket(int perMinute, Bucket bucket) {
    }
}
