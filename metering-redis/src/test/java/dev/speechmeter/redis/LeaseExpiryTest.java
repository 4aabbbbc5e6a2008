package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.FakeClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A server that dies while holding slots gives them back when its leases expire. */
class LeaseExpiryTest {

    private static final Duration LEASE = Duration.ofSeconds(5);

    private final Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(2)));

    @Test
    void aKilledNodesSlotsComeBackWhenItsLeasesExpire() {
        FakeClock clock = new FakeClock();
        Node survivor = Node.onClock(TestRedis.shared().settings().withLease(LEASE), clock).connected();
        Node killed = Node.onClock(TestRedis.shared().settings().withLease(LEASE), clock).connected();
        assertThat(killed.admit(caller, Node.TRANSCRIBE).admitted()).isTrue();
        assertThat(killed.admit(caller, Node.TRANSCRIBE).admitted()).isTrue();

        killed.close();

        assertThat(survivor.admit(caller, Node.TRANSCRIBE).admitted()).as("the dead node's slots are still held").isFalse();
        assertThat(survivor.projectSlots(caller)).isEqualTo(2);
        clock.advance(LEASE.minusMillis(1));
        assertThat(survivor.projectSlots(caller)).as("a millisecond before the leases expire").isEqualTo(2);
        clock.advance(Duration.ofMillis(1));
        assertThat(survivor.projectSlots(caller)).isZero();
        Admission admission = survivor.admit(caller, Node.TRANSCRIBE);
        assertThat(admission.admitted()).isTrue();
        admission.settle(200, Usage.NONE, null);
        survivor.close();
    }

    @Test
    void aLivingNodeRenewsItsLeasesWhileADeadOnesExpire() {
        FakeClock clock = new FakeClock();
        ManualRenewals livingRenewals = new ManualRenewals();
        ManualRenewals killedRenewals = new ManualRenewals();
        Node living = Node.onClock(TestRedis.shared().settings().withLease(LEASE), clock, livingRenewals).connected();
        Node killed = Node.onClock(TestRedis.shared().settings().withLease(LEASE), clock, killedRenewals).connected();
        Admission kept = living.admit(caller, Node.TRANSCRIBE);
        assertThat(kept.admitted()).isTrue();
        assertThat(killed.admit(caller, Node.TRANSCRIBE).admitted()).isTrue();
        killed.close();

        clock.advance(LEASE.minusSeconds(1));
        livingRenewals.runAll();
        killedRenewals.runAll();
        clock.advance(Duration.ofSeconds(2));

        assertThat(living.projectSlots(caller)).as("the living node's slot, renewed; the dead one's, expired")
                .isEqualTo(1);
        clock.advance(LEASE.minusSeconds(2));
        assertThat(living.projectSlots(caller)).as("not renewed again: its lease runs out too").isZero();
        kept.settle(200, Usage.NONE, null);
        assertThat(living.projectSlots(caller)).isZero();
        living.close();
    }
}
