package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Entry;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped in the middle: requests are still answered under the policy, exactly again once it is back.
 *
 * <p>The stores keep the tests' generous command timeout: a stopped Redis closes its connections,
 * and a closed connection refuses commands at once, so the outage does not wait for the timeout;
 * a short one would only let a slow answer while Redis is up pass for an outage.
 */
class RedisOutageTest {

    /** Lettuce's wait between reconnection attempts doubles while Redis is away, up to 30 seconds. */
    private static final Duration RECONNECTED_WITHIN = Duration.ofSeconds(30);

    private final TestRedis redis = TestRedis.started();

    @AfterEach
    void stopRedis() {
        redis.stop();
    }

    @Test
    void underTheLocalPolicyEachNodeDecidesAloneThenTheFleetIsExactAgain() {
        RedisSettings settings = redis.settings();
        try (Node first = Node.onServerTime(settings).connected();
             Node second = Node.onServerTime(settings).connected()) {
            Caller before = caller(5);
            assertThat(admitted(first, before, 3) + admitted(second, before, 3)).isEqualTo(5);

            redis.stop();
            Caller during = caller(5);
            long start = System.nanoTime();
            int admittedDuring = admitted(first, during, 10) + admitted(second, during, 10);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // Only a command on its way when the connection dropped waits out the timeout, one a node at most.
            assertThat(took).as("20 answers without Redis, none waiting for the timeout but the one "
                    + "sent as each node's connection dropped").isLessThan(settings.commandTimeout().multipliedBy(3));
            assertThat(admittedDuring).as("five a node, each on its own").isEqualTo(10);
            assertThat(first.store.redisReachable()).isFalse();
            assertThat(first.store.fallbacks()).isEqualTo(10);

            redis.start();
            Caller after = caller(5);
            assertThat(Eventually.within(RECONNECTED_WITHIN, () -> {
                first.engine.concurrency(caller(1));
                second.engine.concurrency(caller(1));
                return first.store.redisReachable() && second.store.redisReachable();
            })).as("both nodes reconnected").isTrue();
            assertThat(admitted(first, after, 4) + admitted(second, after, 4)).as("shared again").isEqualTo(5);
        }
    }

    @Test
    void underTheRefusePolicyRequestsGetA503() {
        RedisSettings settings = redis.settings().withFailurePolicy(FailurePolicy.REFUSE);
        try (Node node = Node.onServerTime(settings).connected()) {
            Caller caller = node.directory.add("a-key-of-the-project", Limits.none(), Limits.none());
            assertThat(node.admit(caller, Node.TRANSCRIBE).admitted()).isTrue();
            assertThat(node.projectSlots(caller)).as("the slot in Redis").isEqualTo(1);
            assertThat(node.organizationSlots(caller)).as("the slot in Redis").isEqualTo(1);

            redis.stop();

            assertThatThrownBy(() -> node.admit(caller, Node.TRANSCRIBE))
                    .isInstanceOf(LimitStoreUnavailableException.class);
            Passage passage = new RequestGate(node.engine).enter(
                    header -> header.equals("Authorization") ? "Bearer a-key-of-the-project" : null, 0,
                    "/v1/transcriptions", "127.0.0.1", Node.TRANSCRIBE);
            assertThat(passage.admitted()).isFalse();
            assertThat(passage.refusal().statusCode()).isEqualTo(503);
            assertThat(passage.refusal().errorType()).isEqualTo("service_unavailable");
            assertThat(passage.refusal().retryAfterSeconds()).isEqualTo(1);
            assertThat(node.store.heldLeases()).as("only the lease taken before the outage").isEqualTo(1);
            assertThat(slotsWhileRedisIsAway(node, caller)).as("nothing taken on this server instead of Redis")
                    .containsExactly(0, 0);
            assertThat(node.store.fallbacks()).isZero();
        }
    }

    @Test
    void aPooledAdmissionIsOneDecisionUnderEitherPolicy() {
        RedisSettings local = redis.settings();
        RedisSettings refuse = local.withFailurePolicy(FailurePolicy.REFUSE);
        try (Node localNode = Node.onServerTime(local).connected(); Node refuseNode = Node.onServerTime(refuse).connected()) {
            Caller caller = caller(5);
            redis.stop();

            Admission admission = localNode.admit(caller, Node.TRANSCRIBE);
            assertThat(admission.admitted()).isTrue();
            assertThat(localNode.store.fallbacks()).as("token and slot decided together").isEqualTo(1);
            assertThat(slotsWhileRedisIsAway(localNode, caller)).as("the slot held on this server")
                    .containsExactly(1, 1);
            admission.settle(200, Usage.NONE, null);
            assertThat(slotsWhileRedisIsAway(localNode, caller)).as("the slot given back on this server")
                    .containsExactly(0, 0);
            assertThat(localNode.store.heldLeases()).as("no lease in Redis").isZero();

            assertThatThrownBy(() -> refuseNode.admit(caller, Node.TRANSCRIBE))
                    .isInstanceOf(LimitStoreUnavailableException.class);
            assertThat(slotsWhileRedisIsAway(refuseNode, caller)).containsExactly(0, 0);
            assertThat(refuseNode.store.heldLeases()).isZero();
            assertThat(refuseNode.store.fallbacks()).isZero();
        }
    }

    /**
     * A transcription admitted by a server alone while Redis was away holds its slot on that
     * server only. As soon as that server hears from Redis again, it renews its leases and adds
     * the slot, so the fleet counts it for as long as the request runs; its end gives it back there too.
     */
    @Test
    void aSlotTakenAloneDuringTheOutageCountsForTheFleetOnceItsServerHearsFromRedis() {
        ManualRenewals renewals = new ManualRenewals();
        FakeClock clock = new FakeClock();
        try (Node alone = Node.onClock(redis.settings(), clock, renewals).connected();
             Node other = Node.onClock(redis.settings(), clock, new ManualRenewals()).connected()) {
            Caller caller = transcribing(2);
            redis.stop();
            Admission takenAlone = alone.admit(caller, Node.TRANSCRIBE);
            assertThat(takenAlone.admitted()).isTrue();
            assertThat(alone.store.fallbacks()).isEqualTo(1);
            renewals.runAll();   // Redis away: renews nothing

            redis.start();
            reconnected(alone, other);   // the first answer it hears renews its leases, without waiting for a round

            assertThat(other.projectSlots(caller)).as("the slot, added as soon as its server heard from Redis")
                    .isEqualTo(1);
            assertThat(other.organizationSlots(caller)).isEqualTo(1);
            assertThat(alone.store.restoredLeases()).isEqualTo(1);
            Admission last = other.admit(caller, Node.TRANSCRIBE);
            assertThat(last.admitted()).as("the project's second slot").isTrue();
            assertRefusedForTheProject(other, caller);
            assertRefusedForTheProject(alone, caller);

            takenAlone.settle(200, Usage.NONE, null);
            assertThat(other.projectSlots(caller)).as("given back in Redis when its request ended").isEqualTo(1);
            assertThat(alone.store.heldLeases()).isZero();
            last.settle(200, Usage.NONE, null);
            assertThat(other.projectSlots(caller)).isZero();
            assertThat(other.organizationSlots(caller)).isZero();
        }
    }

    /**
     * The fleet's concurrency history is best effort: while Redis is away requests are admitted
     * and settled under the policy and none fails for the history, which cannot be read (rather
     * than be answered with one server's part); once Redis is back it is recorded again.
     */
    @Test
    void whileRedisIsAwayTheHistoryFailsNoRequestAndCannotBeRead() {
        Instant minute = Instant.parse("2026-12-31T23:59:00Z");
        FakeClock clock = new FakeClock(minute);
        try (Node node = Node.onClock(redis.settings(), clock, new ManualRenewals()).connected()) {
            Caller caller = transcribing(5);
            node.admit(caller, Node.TRANSCRIBE).settle(200, Usage.NONE, null);
            redis.stop();

            Admission during = node.admit(caller, Node.TRANSCRIBE);
            assertThat(during.admitted()).isTrue();
            assertThat(during.settle(200, Usage.NONE, null)).isTrue();
            assertThat(node.engine.heldSlotEntries()).isZero();
            assertThat(node.store.heldLeases()).isZero();
            assertThatThrownBy(() -> minute(node, caller, minute)).isInstanceOf(LimitStoreUnavailableException.class);

            redis.start();
            reconnected(node);
            node.admit(caller, Node.TRANSCRIBE).settle(200, Usage.NONE, null);

            assertThat(minute(node, caller, minute)).as("recorded again, in a Redis that restarted empty")
                    .isEqualTo(new Entry(minute, 60, 0, 1, 1, 2, 1));
        }
    }

    private static Entry minute(Node node, Caller caller, Instant start) {
        return node.engine.concurrencyHistory().entries(caller.projectId(), "transcribe", Resolution.MINUTE, start, 1)
                .get(0);
    }

    /** Waits until each node's connection to the restarted Redis is up again. */
    private static void reconnected(Node... nodes) {
        assertThat(Eventually.within(RECONNECTED_WITHIN, () -> {
            boolean all = true;
            for (Node node : nodes) {
                node.engine.concurrency(caller(1));
                all &= node.store.redisReachable();
            }
            return all;
        })).as("every node reconnected").isTrue();
    }

    private static void assertRefusedForTheProject(Node node, Caller caller) {
        Admission admission = node.admit(caller, Node.TRANSCRIBE);
        assertThat(admission.admitted()).as("admitted beyond the limit").isFalse();
        assertThat(admission.rejection().limit()).isEqualTo(Rejection.Limit.CONCURRENCY);
        assertThat(admission.rejection().level()).isEqualTo(Level.PROJECT);
    }

    /** A caller whose project may hold {@code slots} transcriptions at once, its organization any number. */
    private static Caller transcribing(int slots) {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(slots)));
    }

    /**
     * The transcribe slots of the caller's organization and project as the store counts them
     * while Redis cannot be reached: those this server took alone under the local policy.
     */
    private static List<Integer> slotsWhileRedisIsAway(Node node, Caller caller) {
        List<Integer> slots = List.of(
                node.store.slotsInUse(Level.ORGANIZATION, caller.organizationId(), "transcribe"),
                node.store.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe"));
        assertThat(node.store.redisReachable()).as("counted without Redis").isFalse();
        return slots;
    }

    private static Caller caller(int perMinute) {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(perMinute)));
    }

    private static int admitted(Node node, Caller caller, int tries) {
        int admitted = 0;
        for (int i = 0; i < tries; i++) {
            Admission admission = node.admit(caller, Node.NO_POOL);
            if (admission.admitted()) {
                admitted++;
            }
            admission.settle(200, Usage.NONE, null);
        }
        return admitted;
    }
}
