package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.RateStanding;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordedCapacities;
import dev.speechmeter.testing.RecordingLedger;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A capacity refusal on the Redis store gives back, in Redis, the request token its admission
 * took: the buckets stand where they stood before the refused request.
 */
class RedisGiveBackTest {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    private static final MeteredEndpoint LABELED = new MeteredEndpoint("transcribe_async", "transcribe", "sync", STT);
    private static final MeteredEndpoint UNLABELED = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    private static final int ORGANIZATION_RPM = 3;
    private static final int PROJECT_RPM = 2;

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final RecordedCapacities capacities = new RecordedCapacities(ledger);
    private final RedisLimitStore store = (RedisLimitStore) RedisStores.onClock(clock, MeteringConfig.defaults());
    private final MeteringEngine engine = MeteringEngine.create(MeteringConfig.defaults(), directory, ledger,
            capacities, PriceTable.FREE, store, clock);
    private final RedisClient client = RedisClient.create(TestRedis.shared().uri());
    private final StatefulRedisConnection<String, String> connection = client.connect();
    private final RedisCommands<String, String> redis = connection.sync();
    private final Caller caller = directory.add("a-key-of-the-project",
            Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(ORGANIZATION_RPM)),
            Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(PROJECT_RPM))
                    .with(Limits.concurrent("transcribe"), Cap.atMost(1)));

    @AfterEach
    void close() {
        RedisStores.assertNoFallback(store);
        connection.close();
        client.shutdown();
        store.close();
    }

    @Test
    void aCapacityRefusalLeavesBothBucketsInRedisWhereTheyStood() {
        capacities.setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.MONTH, Duration.ZERO);
        admit(UNLABELED).settle(200, Usage.NONE, null);
        String projectBucket = redis.get(projectKey());

        for (int i = 0; i < 5; i++) {
            Admission refused = admit(LABELED);
            assertThat(refused.rejection().limit()).isEqualTo(Rejection.Limit.CAPACITY);
        }

        assertThat(organizationStanding().available()).as("organization tokens left").isEqualTo(ORGANIZATION_RPM - 1);
        assertThat(projectStanding().available()).as("project tokens left").isEqualTo(PROJECT_RPM - 1);
        assertThat(redis.get(projectKey())).as("the project's bucket, as Redis keeps it").isEqualTo(projectBucket);
        assertThat(store.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe")).isZero();
        assertThat(engine.heldSlotEntries()).isZero();

        Admission last = admit(UNLABELED);
        assertThat(last.admitted()).as("the project's second token, never spent by the refusals").isTrue();
        last.settle(200, Usage.NONE, null);
        assertThat(admit(UNLABELED).rejection().limit()).isEqualTo(Rejection.Limit.REQUEST_RATE);
    }

    @Test
    void aRefusalOnFullBucketsLeavesNoBucketInRedis() {
        capacities.setCapacity(CapacityOwner.organization(caller.organizationId()), STT, BillingPeriod.DAY,
                Duration.ZERO);

        Admission refused = admit(LABELED);

        assertThat(refused.rejection().limit()).isEqualTo(Rejection.Limit.CAPACITY);
        assertThat(redis.exists(organizationKey(), projectKey())).as("buckets that are full again").isZero();
        assertThat(organizationStanding().available()).isEqualTo(ORGANIZATION_RPM);
        assertThat(projectStanding().available()).isEqualTo(PROJECT_RPM);
    }

    private Admission admit(MeteredEndpoint endpoint) {
        return engine.admit(engine.newRequestId(), null, caller, endpoint, "/v1/transcriptions");
    }

    private RateStanding organizationStanding() {
        return store.rateStanding(Level.ORGANIZATION, new RateLimit(caller.organizationId(), ORGANIZATION_RPM));
    }

    private RateStanding projectStanding() {
        return store.rateStanding(Level.PROJECT, new RateLimit(caller.projectId(), PROJECT_RPM));
    }

    private String organizationKey() {
        return LimitKeys.rate(Level.ORGANIZATION, caller.organizationId(), ORGANIZATION_RPM);
    }

    private String projectKey() {
        return LimitKeys.rate(Level.PROJECT, caller.projectId(), PROJECT_RPM);
    }
}
