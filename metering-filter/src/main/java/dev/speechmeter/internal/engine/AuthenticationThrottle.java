package dev.speechmeter.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Failed authentications per client address: once an address has spent its allowance, a key from
 * it that is not already known is refused before the directory is asked, until the allowance
 * refills. A flood of random keys from one address thus costs the directory at most the
 * allowance a minute, not one look-up per request.
 */
final class AuthenticationThrottle {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int failuresPerMinute;
    private final TimeMeter timeMeter;
    private final Cache<String, Bucket> addresses;

    AuthenticationThrottle(int failuresPerMinute, InstantSource clock, long maxAddresses) {
        this.failuresPerMinute = failuresPerMinute;
        this.timeMeter = Clocks.timeMeter(clock);
        this.addresses = Caffeine.newBuilder()
                .ticker(Clocks.ticker(clock))
                .executor(Runnable::run)
                // An address idle for a window has its whole allowance again: nothing to remember.
                .expireAfterAccess(WINDOW)
                .maximumSize(maxAddresses)
                .build();
    }

    /**
     * Zero when the address may try a key, else the whole seconds (at least 1) until it may.
     * A null address (not known to the door) is never throttled.
     */
    long secondsUntilAllowed(String address) {
        if (address == null) {
            return 0;
        }
        Bucket bucket = addresses.getIfPresent(address);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return 0;
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts one failed authentication from the address. */
    void failed(String address) {
        if (address != null) {
            addresses.get(address, a -> newBucket()).tryConsume(1);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(failuresPerMinute).refillGreedy(failuresPerMinute, WINDOW))
                .withCustomTimePrecision(timeMeter)
                .build();
    }
}
