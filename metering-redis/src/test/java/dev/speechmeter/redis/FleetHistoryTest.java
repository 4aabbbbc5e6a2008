package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.ConcurrencyHistory;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Entry;
import dev.speechmeter.spi.ConcurrencyHistoryStore.Resolution;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The concurrency history of two servers sharing one Redis: each records what it admits and
 * settles, and either answers with the fleet's figures.
 */
class FleetHistoryTest {

    /** A minute before midnight UTC at the end of a year: the minute, the hour and the day all turn. */
    private static final Instant START = Instant.parse("2026-12-31T23:59:00Z");
    private static final Instant HOUR = Instant.parse("2026-12-31T23:00:00Z");
    private static final Instant DAY = Instant.parse("2026-12-31T00:00:00Z");
    /** Longer than the clock is moved while slots are held: real servers renew their leases meanwhile. */
    private static final Duration LEASE = Duration.ofDays(1);

    private final FakeClock clock = new FakeClock(START);
    private final RedisSettings settings = TestRedis.shared().settings().withLease(LEASE);
    private final Node a = Node.onClock(settings, clock).connected();
    private final Node b = Node.onClock(settings, clock).connected();
    private final Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
            Limits.none());
    private final RedisClient client = RedisClient.create(TestRedis.shared().uri());

    @AfterEach
    void stop() {
        assertThat(a.store.fallbacks() + b.store.fallbacks()).as("decisions taken without Redis").isZero();
        a.close();
        b.close();
        client.shutdown();
    }

    @Test
    void twoSlotsOnOneServerAndThreeOnTheOtherAreAPeakOfFiveInTheMinuteTheHourAndTheDay() {
        List<Admission> held = new ArrayList<>();
        held.add(admit(a));
        held.add(admit(a));
        held.add(admit(b));
        held.add(admit(b));
        held.add(admit(b));
        for (Node node : List.of(a, b)) {
            assertThat(history(node, Resolution.MINUTE, START).sampleMax()).as("while held").isEqualTo(5);
        }
        held.forEach(admission -> admission.settle(200, Usage.NONE, null));

        // Samples 1 to 5 as the servers admitted, 4 to 0 as they settled.
        for (Node node : List.of(a, b)) {
            assertThat(history(node, Resolution.MINUTE, START)).isEqualTo(new Entry(START, 60, 0, 5, 25, 10, 5));
            assertThat(history(node, Resolution.HOUR, HOUR)).isEqualTo(new Entry(HOUR, 3600, 0, 5, 25, 10, 5));
            assertThat(history(node, Resolution.DAY, DAY)).isEqualTo(new Entry(DAY, 86400, 0, 5, 25, 10, 5));
        }
    }

    @Test
    void minutePeaksOnEitherServerRollUpExactlyIntoTheHourAndTheDay() {
        Instant early = Instant.parse("2026-12-31T23:10:00Z");
        clock.set(early);
        List<Admission> first = List.of(admit(a), admit(b), admit(a), admit(b));
        first.forEach(admission -> admission.settle(200, Usage.NONE, null));
        clock.set(early.plusSeconds(60 * 5));
        List<Admission> later = List.of(admit(b), admit(b), admit(a));
        later.forEach(admission -> admission.settle(200, Usage.NONE, null));

        Entry peakOfFour = history(a, Resolution.MINUTE, early);
        Entry peakOfThree = history(b, Resolution.MINUTE, early.plusSeconds(60 * 5));
        Entry hour = history(b, Resolution.HOUR, HOUR);

        assertThat(peakOfFour).isEqualTo(new Entry(early, 60, 0, 4, 1 + 2 + 3 + 4 + 3 + 2 + 1, 8, 4));
        assertThat(peakOfThree).isEqualTo(new Entry(early.plusSeconds(300), 60, 0, 3, 1 + 2 + 3 + 2 + 1, 6, 3));
        assertThat(hour).isEqualTo(new Entry(HOUR, 3600, 0, 4, peakOfFour.sampleSum() + peakOfThree.sampleSum(),
                8 + 6, 4 + 3));
        assertThat(history(a, Resolution.DAY, DAY)).isEqualTo(new Entry(DAY, 86400, 0, 4, hour.sampleSum(),
                hour.sampleCount(), hour.totalCount()));
    }

    @Test
    void quietMinutesCarryWhatTheWholeFleetHolds() {
        admit(a);
        admit(a);
        Admission onB = admit(b);
        clock.advance(Duration.ofMinutes(3));
        List<Entry> quiet = b.engine.concurrencyHistory().entries(caller.projectId(), "transcribe", Resolution.MINUTE,
                START.plusSeconds(60), 3);
        onB.settle(200, Usage.NONE, null);

        assertThat(quiet).allSatisfy(minute -> assertThat(minute).isEqualTo(new Entry(minute.periodStart(), 60,
                3, 3, 3, 1, 0)));
        assertThat(history(a, Resolution.MINUTE, START.plusSeconds(180)))
                .as("the minute of B's release opens with the three slots, then has two")
                .isEqualTo(new Entry(START.plusSeconds(180), 60, 2, 3, 5, 2, 0));
    }

    @Test
    void eachPeriodIsKeptFromItsEndAsLongAsAServerKeepsItsLength() {
        clock.set(START.plusSeconds(20));
        admit(a).settle(200, Usage.NONE, null);
        long nowMillis = START.plusSeconds(20).toEpochMilli();

        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            for (Resolution resolution : Resolution.values()) {
                long start = Math.floorDiv(START.getEpochSecond(), resolution.seconds()) * resolution.seconds();
                String key = "sm:hist:transcribe:" + caller.projectId() + ":" + resolution.seconds() + ":" + start;
                long expected = (start + resolution.seconds() + resolution.kept().getSeconds()) * 1000 - nowMillis;
                assertThat(redis.pttl(key)).as("time to live of " + key)
                        .isBetween(expected - Duration.ofMinutes(1).toMillis(), expected);
            }
        }
    }

    @Test
    void anAdmissionAndItsReleaseRecordTheHistoryInTheirOwnScriptCall() {
        // A Redis of its own: another test's lease renewals would count among the calls.
        TestRedis own = TestRedis.started();
        RedisClient ownClient = RedisClient.create(own.uri());
        try (Node node = Node.onClock(own.settings(), clock).connected();
             StatefulRedisConnection<String, String> connection = ownClient.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            admit(node).settle(200, Usage.NONE, null);
            String before = redis.info("commandstats");

            Admission admission = admit(node);
            String admitted = redis.info("commandstats");
            admission.settle(200, Usage.NONE, null);
            String released = redis.info("commandstats");

            // Redis counts the commands a script runs too: the three periods written by the one script.
            assertThat(calls(admitted, "evalsha") - calls(before, "evalsha")).as("scripts of an admission").isEqualTo(1);
            assertThat(calls(admitted, "hset") - calls(before, "hset")).as("periods it wrote").isEqualTo(3);
            assertThat(calls(released, "evalsha") - calls(admitted, "evalsha")).as("scripts of a release").isEqualTo(1);
            assertThat(calls(released, "hset") - calls(admitted, "hset")).as("periods it wrote").isEqualTo(3);
            assertThat(calls(released, "eval")).as("scripts sent whole").isEqualTo(calls(before, "eval"));
            assertThat(history(node, Resolution.MINUTE, START).totalCount()).isEqualTo(2);
        } finally {
            ownClient.shutdown();
            own.stop();
        }
    }

    @Test
    void aHistoryThatCannotBeWrittenFailsNeitherTheAdmissionNorTheRelease() {
        String minute = "sm:hist:transcribe:" + caller.projectId() + ":60:" + START.getEpochSecond();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set(minute, "not a hash");

            Admission admission = admit(a);
            assertThat(a.store.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe")).isEqualTo(1);
            admission.settle(200, Usage.NONE, null);

            assertThat(a.store.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe")).isZero();
            assertThat(a.store.heldLeases()).isZero();
            assertThat(connection.sync().get(minute)).isEqualTo("not a hash");
        }
    }

    @Test
    void keptByEachServerWhenAskedNothingIsWrittenToRedis() {
        try (Node alone = Node.onClock(settings.withFleetHistory(false), clock).connected();
             StatefulRedisConnection<String, String> connection = client.connect()) {
            alone.admit(caller, Node.TRANSCRIBE).settle(200, Usage.NONE, null);

            assertThat(alone.engine.concurrencyHistory()).isInstanceOf(ConcurrencyHistory.class);
            assertThat(alone.engine.concurrencyHistory().entries(caller.projectId(), "transcribe", Resolution.MINUTE,
                    START, 1)).containsExactly(new Entry(START, 60, 0, 1, 1, 2, 1));
            assertThat(connection.sync().keys("sm:hist:*" + caller.projectId() + "*")).isEmpty();
        }
    }

    private Admission admit(Node node) {
        Admission admission = node.admit(caller, Node.TRANSCRIBE);
        assertThat(admission.admitted()).isTrue();
        return admission;
    }

    private Entry history(Node node, Resolution resolution, Instant start) {
        return node.engine.concurrencyHistory().entries(caller.projectId(), "transcribe", resolution, start, 1).get(0);
    }

    private static long calls(String commandStats, String command) {
        Matcher matcher = Pattern.compile("cmdstat_" + command + ":calls=(\\d+),").matcher(commandStats);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
