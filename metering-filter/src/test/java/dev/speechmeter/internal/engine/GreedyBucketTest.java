package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-instant bucket answers as Bucket4j's greedy bucket does: both are driven by the same
 * random takes, give-backs and clock steps, and asked the same questions. Whether a token is
 * taken matches exactly; waits may differ by the one nanosecond Bucket4j rounds its fractions of a
 * token away, and the tokens left by a few where a token is worth under 30 ns (Bucket4j's rounding).
 */
class GreedyBucketTest {

    /** Just before midnight UTC, 2026-11-30, in nanoseconds. */
    private static final long START = 1_796_083_199_000_000_000L;

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 7, 60, 100, 997, 1_000_000, Integer.MAX_VALUE})
    void answersAsBucket4jsGreedyBucket(int capacity) {
        long[] now = {START};
        Bucket reference = Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, Duration.ofMinutes(1)))
                .withCustomTimePrecision(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        return now[0];
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return true;
                    }
                })
                .build();
        GreedyBucket bucket = new GreedyBucket(capacity);
        Random random = new Random(capacity);
        long periodPerToken = GreedyBucket.PERIOD_NANOS / capacity;
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 6) {
                ConsumptionProbe probe = reference.tryConsumeAndReturnRemaining(1);
                long wait = bucket.tryTake(now[0]);
                assertThat(wait < 0).as("step %d: taken", step).isEqualTo(probe.isConsumed());
                if (!probe.isConsumed()) {
                    assertThat(wait).as("step %d: wait", step).isCloseTo(probe.getNanosToWaitForRefill(), within(1L));
                }
            } else if (action < 7) {
                reference.addTokens(1);
                bucket.giveBack(now[0]);
            } else {
                now[0] += random.nextInt(4) == 0 ? random.nextLong(2 * GreedyBucket.PERIOD_NANOS)
                        : random.nextLong(Math.max(1, 2 * periodPerToken));
            }
            assertThat(bucket.available(now[0])).as("step %d: available", step)
                    .isCloseTo(reference.getAvailableTokens(), within(capacity > 1_000_000_000 ? 3L : 0L));
            assertThat(bucket.nanosUntilAvailable(now[0])).as("step %d: until one", step)
                    .isCloseTo(reference.estimateAbilityToConsume(1).getNanosToWaitForRefill(), within(1L));
            if (capacity < 1_000_000) {
                assertThat(bucket.nanosUntilFull(now[0])).as("step %d: until full", step)
                        .isCloseTo(reference.estimateAbilityToConsume(capacity).getNanosToWaitForRefill(), within(1L));
            }
        }
    }

    @Test
    void aDrainedBucketIsRefusedForExactlyOneTokensWorth() {
        GreedyBucket bucket = new GreedyBucket(5);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake(START)).isEqualTo(-1);
        }
        assertThat(bucket.tryTake(START)).isEqualTo(Duration.ofSeconds(12).toNanos());
        assertThat(bucket.tryTake(START + Duration.ofSeconds(12).toNanos())).isEqualTo(-1);
        assertThat(bucket.available(START + Duration.ofSeconds(12).toNanos())).isZero();
        assertThat(bucket.nanosUntilFull(START)).isEqualTo(Duration.ofSeconds(72).toNanos());
    }
}
