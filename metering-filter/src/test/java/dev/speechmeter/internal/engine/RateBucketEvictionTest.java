package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.testing.FakeClock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A rate bucket forgotten because the cache is full, not because it is idle.
 *
 * <p>What the store does today: the bucket is dropped whatever its standing, and the owner's next
 * request starts a new, full bucket. A caller whose bucket is drained can therefore be admitted
 * again within the minute once more than {@code limiter-cache.max-size} other owners of its level
 * were active after it: at most one bucketful more for each such eviction. The bound on memory
 * holds; exactness holds only while the active owners of a level fit in the cache.
 */
class RateBucketEvictionTest {

    private static final int MAX_BUCKETS = 100;
    private static final int PER_MINUTE = 5;

    private final FakeClock clock = new FakeClock();
    private final LocalLimitStore store = new LocalLimitStore(clock, MAX_BUCKETS);

    @Test
    void aDrainedBucketForgottenForRoomGrantsAtMostOneBucketfulMoreAndMemoryStaysBounded() {
        RateLimit busy = new RateLimit(UUID.randomUUID(), PER_MINUTE);
        assertThat(taken(busy, PER_MINUTE + 20)).as("a bucketful, then refusals that keep it in use")
                .isEqualTo(PER_MINUTE);

        for (int i = 0; i < 100 * MAX_BUCKETS; i++) {
            store.takeRequest(null, new RateLimit(UUID.randomUUID(), PER_MINUTE));
        }

        assertThat(store.buckets()).as("buckets kept").isLessThanOrEqualTo(MAX_BUCKETS);
        assertThat(taken(busy, 3 * PER_MINUTE)).as("admitted within the same minute, after the churn")
                .isLessThanOrEqualTo(PER_MINUTE);
        assertThat(taken(busy, PER_MINUTE)).as("once its new bucket is drained too").isZero();
    }

    @Test
    void withinTheCacheSizeADrainedBucketIsKeptAndStaysDrained() {
        RateLimit busy = new RateLimit(UUID.randomUUID(), PER_MINUTE);
        taken(busy, PER_MINUTE);

        for (int i = 0; i < MAX_BUCKETS - 1; i++) {
            store.takeRequest(null, new RateLimit(UUID.randomUUID(), PER_MINUTE));
        }

        assertThat(taken(busy, PER_MINUTE)).isZero();
    }

    private int taken(RateLimit limit, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (store.takeRequest(null, limit).taken()) {
                taken++;
            }
        }
        return taken;
    }
}
