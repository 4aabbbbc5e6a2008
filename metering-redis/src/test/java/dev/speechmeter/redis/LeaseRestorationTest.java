package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.spi.Level;
import dev.speechmeter.internal.engine.Rejection;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.JMException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leases Redis lost while their requests run come back with the next renewal, and count against
 * the limits again on every node: after a restart without persistence, and after an expiry while
 * their server could not renew them. A lease released while its renewal is under way stays released.
 *
 * <p>Renewals run when the test says so ({@link ManualRenewals}), leases go by a fake clock.
 */
class LeaseRestorationTest {

    /** Lettuce's wait between reconnection attempts doubles while Redis is away, up to 30 seconds. */
    private static final Duration RECONNECTED_WITHIN = Duration.ofSeconds(30);
    /** An upper bound for the renewal thread to reach the point the test waits for; met at once otherwise. */
    private static final long WITHIN_SECONDS = 10;
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final String RESTORED = "Redis had lost ";

    private final TestRedis redis = TestRedis.started();
    private final RedisSettings settings = redis.settings().withLease(LEASE);
    private final FakeClock clock = new FakeClock();
    private final List<Node> nodes = new ArrayList<>();
    private final ExecutorService renewalThread = Executors.newSingleThreadExecutor();
    private final Logger renewalLog = Logger.getLogger(LeaseRenewal.class.getName());
    private final List<LogRecord> restorationLogs = new CopyOnWriteArrayList<>();
    private final Handler restorations = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage().startsWith(RESTORED)) {
                restorationLogs.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LeaseRestorationTest() {
        renewalLog.addHandler(restorations);
    }

    @AfterEach
    void stop() throws InterruptedException {
        renewalLog.removeHandler(restorations);
        renewalThread.shutdownNow();
        assertThat(renewalThread.awaitTermination(WITHIN_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (Node node : nodes) {
            assertThat(node.store.fallbacks()).as("decisions without Redis").isZero();
            node.close();
        }
        redis.stop();
    }

    @Test
    void slotsRedisLostUnnoticedCountAgainAfterTheNextRenewal() throws JMException {
        ManualRenewals renewals = new ManualRenewals();
        Node node = node(renewals);
        Caller caller = caller(UUID.randomUUID(), Cap.atMost(3), Cap.atMost(2));
        List<Admission> held = List.of(admitted(node, caller), admitted(node, caller));

        loseEverything();
        assertThat(node.projectSlots(caller)).as("Redis lost the slots").isZero();
        assertThat(node.organizationSlots(caller)).isZero();

        renewals.runAll();

        assertThat(node.projectSlots(caller)).as("the held slots, restored").isEqualTo(2);
        assertThat(node.organizationSlots(caller)).as("the held slots, restored").isEqualTo(2);
        assertRefused(node, caller, Level.PROJECT);
        assertThat(node.store.restoredLeases()).isEqualTo(2);
        assertThat(restorationLogs).as("one warning for the round").singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(record.getMessage()).contains("; restored 2,");
        });
        RedisLimitStoreMetrics metrics = RedisLimitStoreMetrics.register(node.store, settings, "restoration");
        try {
            assertThat(ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(RedisLimitStoreMetrics.nameOf("restoration"), "RestoredLeases")).isEqualTo(2L);
        } finally {
            metrics.close();
        }

        renewals.runAll();
        assertThat(node.store.restoredLeases()).as("a round that finds every lease restores none").isEqualTo(2);
        assertThat(restorationLogs).as("and logs nothing").hasSize(1);

        held.forEach(admission -> admission.settle(200, Usage.NONE, null));
        assertThat(node.projectSlots(caller)).as("released, the slots are free").isZero();
        assertThat(node.organizationSlots(caller)).isZero();
        List<Admission> again = List.of(admitted(node, caller), admitted(node, caller));
        again.forEach(admission -> admission.settle(200, Usage.NONE, null));
    }

    @Test
    void aServerThatNoticedARestartRestoresItsSlotsAsSoonAsItHearsFromRedisAgain() {
        ManualRenewals renewals = new ManualRenewals();
        Node node = node(renewals);
        Caller caller = caller(UUID.randomUUID(), Cap.atMost(3), Cap.atMost(2));
        List<Admission> held = List.of(admitted(node, caller), admitted(node, caller));

        restartNoticed();

        assertThat(node.projectSlots(caller)).as("restored without waiting for a renewal round").isEqualTo(2);
        assertThat(node.organizationSlots(caller)).isEqualTo(2);
        assertThat(node.store.restoredLeases()).isEqualTo(2);
        assertRefused(node, caller, Level.PROJECT);
        held.forEach(admission -> admission.settle(200, Usage.NONE, null));
        assertThat(node.projectSlots(caller)).isZero();
    }

    @Test
    void afterALossEachNodeRestoresItsSlotsAndNeitherAdmitsBeyondTheLimits() {
        ManualRenewals firstRenewals = new ManualRenewals();
        ManualRenewals secondRenewals = new ManualRenewals();
        Node first = node(firstRenewals);
        Node second = node(secondRenewals);
        UUID organization = UUID.randomUUID();
        Caller capped = caller(organization, Cap.atMost(4), Cap.atMost(2));
        Caller uncapped = caller(organization, Cap.atMost(4), Cap.unlimited());
        List<Admission> held = new ArrayList<>(List.of(admitted(first, capped), admitted(first, capped),
                admitted(second, uncapped)));

        loseEverything();
        assertThat(second.organizationSlots(capped)).as("Redis lost the slots").isZero();

        firstRenewals.runAll();
        secondRenewals.runAll();

        assertThat(second.organizationSlots(capped)).as("the organization's slots held on both nodes").isEqualTo(3);
        assertThat(second.projectSlots(capped)).as("the capped project's, held on the first").isEqualTo(2);
        assertThat(first.projectSlots(uncapped)).as("the other project's, held on the second").isEqualTo(1);
        assertThat(first.store.restoredLeases() + second.store.restoredLeases()).isEqualTo(3);
        assertRefused(first, capped, Level.PROJECT);
        assertRefused(second, capped, Level.PROJECT);
        held.add(admitted(first, uncapped));
        assertThat(first.organizationSlots(capped)).as("the organization's last slot").isEqualTo(4);
        assertRefused(first, uncapped, Level.ORGANIZATION);
        assertRefused(second, uncapped, Level.ORGANIZATION);

        held.forEach(admission -> admission.settle(200, Usage.NONE, null));
        assertThat(first.organizationSlots(capped)).isZero();
        assertThat(second.projectSlots(capped)).isZero();
        assertThat(first.store.heldLeases() + second.store.heldLeases()).isZero();
    }

    @Test
    void aLeaseThatExpiredUnrenewedWhileNobodyTouchedItsPoolIsRestoredToo() {
        ManualRenewals renewals = new ManualRenewals();
        Node node = node(renewals);
        Caller caller = caller(UUID.randomUUID(), Cap.atMost(1), Cap.atMost(1));
        Admission held = admitted(node, caller);

        clock.advance(LEASE);
        assertThat(node.projectSlots(caller)).as("expired, still in Redis").isZero();
        renewals.runAll();

        assertThat(node.projectSlots(caller)).as("restored").isEqualTo(1);
        assertThat(node.organizationSlots(caller)).isEqualTo(1);
        assertThat(node.store.restoredLeases()).isEqualTo(1);
        assertThat(restorationLogs).hasSize(1);
        clock.advance(LEASE.minusMillis(1));
        assertRefused(node, caller, Level.ORGANIZATION);
        held.settle(200, Usage.NONE, null);
        admitted(node, caller).settle(200, Usage.NONE, null);
    }

    /**
     * A node cut off from Redis for longer than a lease does not renew: its leases expire, and
     * another node admits in their place. Once it renews again, its leases count again, over the
     * cap: nobody is admitted until the pool is under the cap.
     */
    @Test
    void leasesThatExpiredWhileTheirServerCouldNotRenewComeBackOverTheCapUntilReleased() {
        ManualRenewals cutOffRenewals = new ManualRenewals();
        Node cutOff = node(cutOffRenewals);
        Node other = node(new ManualRenewals());
        UUID organization = UUID.randomUUID();
        Caller held = caller(organization, Cap.atMost(2), Cap.unlimited());
        Caller inTheGap = caller(organization, Cap.atMost(2), Cap.unlimited());
        Admission firstHeld = admitted(cutOff, held);
        Admission secondHeld = admitted(cutOff, held);
        assertRefused(other, inTheGap, Level.ORGANIZATION);

        clock.advance(LEASE);
        assertThat(other.organizationSlots(held)).as("expired, not renewed").isZero();
        assertThat(other.projectSlots(held)).isZero();
        // Its admission drops the expired leases from the organization's pool; the project's keeps them, expired.
        Admission admittedInTheGap = admitted(other, inTheGap);

        cutOffRenewals.runAll();

        assertThat(other.organizationSlots(held)).as("two restored and the one admitted meanwhile").isEqualTo(3);
        assertThat(other.projectSlots(held)).as("both restored").isEqualTo(2);
        assertThat(cutOff.store.restoredLeases()).isEqualTo(2);
        assertRefused(other, inTheGap, Level.ORGANIZATION);
        assertRefused(cutOff, held, Level.ORGANIZATION);
        firstHeld.settle(200, Usage.NONE, null);
        assertRefused(other, inTheGap, Level.ORGANIZATION);
        admittedInTheGap.settle(200, Usage.NONE, null);
        assertThat(other.organizationSlots(held)).as("under the cap again").isEqualTo(1);
        admitted(other, inTheGap).settle(200, Usage.NONE, null);
        secondHeld.settle(200, Usage.NONE, null);
        assertThat(other.organizationSlots(held)).isZero();
    }

    /**
     * The renewal takes its batch, the request ends and its release reaches Redis, then the
     * renewal runs its script with the released lease in it; the lease must not stay in Redis.
     */
    @Test
    void aLeaseReleasedWhileItsRenewalIsUnderWayStaysReleased() throws Exception {
        ManualRenewals renewals = new ManualRenewals();
        CountDownLatch batchTaken = new CountDownLatch(1);
        CountDownLatch releasedMeanwhile = new CountDownLatch(1);
        AtomicReference<List<SlotLease>> batch = new AtomicReference<>();
        Node node = node(Node.onClock(settings, clock, renewals, leases -> {
            batch.set(leases);
            batchTaken.countDown();
            await(releasedMeanwhile);
        }));
        Caller caller = caller(UUID.randomUUID(), Cap.atMost(1), Cap.atMost(1));
        Admission admission = admitted(node, caller);

        CompletableFuture<Void> round = CompletableFuture.runAsync(renewals::runAll, renewalThread);
        await(batchTaken);
        assertThat(batch.get()).as("the batch the renewal took").singleElement()
                .satisfies(lease -> assertThat(lease.project()).isEqualTo(caller.projectId()));
        admission.settle(200, Usage.NONE, null);
        assertThat(node.projectSlots(caller)).as("released in Redis before the renewal").isZero();
        releasedMeanwhile.countDown();
        round.get(WITHIN_SECONDS, TimeUnit.SECONDS);

        assertThat(node.projectSlots(caller)).as("not left re-created by the renewal").isZero();
        assertThat(node.organizationSlots(caller)).isZero();
        assertThat(node.store.restoredLeases()).as("a released lease is not a restored one").isZero();
        assertThat(restorationLogs).isEmpty();
        admitted(node, caller).settle(200, Usage.NONE, null);
    }

    private Node node(ManualRenewals renewals) {
        return node(Node.onClock(settings, clock, renewals));
    }

    private Node node(Node node) {
        nodes.add(node);
        return node.connected();
    }

    /** Stops Redis and starts it again, empty, on its port; returns once every node talks to it again. */
    /**
     * Redis loses every lease without any server noticing: a failover to a replica that did not
     * have them, or a restart between two commands. Only the periodic renewal can find out.
     */
    private void loseEverything() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushall();
        } finally {
            client.shutdown();
        }
        for (Node node : nodes) {
            assertThat(node.store.redisReachable()).as("nothing noticed").isTrue();
        }
    }

    /** Redis restarts empty, and every server notices: a command fails while it is down. */
    private void restartNoticed() {
        redis.stop();
        for (Node node : nodes) {
            node.store.slotsInUse(Level.PROJECT, UUID.randomUUID(), "transcribe");
            assertThat(node.store.redisReachable()).as("the outage, noticed").isFalse();
        }
        redis.start();
        for (Node node : nodes) {
            assertThat(Eventually.within(RECONNECTED_WITHIN, () -> {
                node.store.slotsInUse(Level.PROJECT, UUID.randomUUID(), "transcribe");
                return node.store.redisReachable();
            })).as("reconnected to the restarted Redis").isTrue();
        }
    }

    private static Caller caller(UUID organization, Cap organizationSlots, Cap projectSlots) {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), organization,
                Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited())
                        .with(Limits.concurrent("transcribe"), organizationSlots),
                Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited())
                        .with(Limits.concurrent("transcribe"), projectSlots));
    }

    private static Admission admitted(Node node, Caller caller) {
        Admission admission = node.admit(caller, Node.TRANSCRIBE);
        assertThat(admission.admitted()).as("admitted").isTrue();
        return admission;
    }

    private static void assertRefused(Node node, Caller caller, Level level) {
        Admission admission = node.admit(caller, Node.TRANSCRIBE);
        assertThat(admission.admitted()).as("admitted beyond the limit").isFalse();
        assertThat(admission.rejection().limit()).isEqualTo(Rejection.Limit.CONCURRENCY);
        assertThat(admission.rejection().level()).isEqualTo(level);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WITHIN_SECONDS, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
