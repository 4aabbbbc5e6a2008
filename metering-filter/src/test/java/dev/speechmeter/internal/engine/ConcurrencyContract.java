package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import static dev.speechmeter.internal.engine.EngineFixture.TRANSCRIBE;
import static dev.speechmeter.internal.engine.EngineFixture.TTS;
import static dev.speechmeter.internal.engine.EngineFixture.limits;
import static dev.speechmeter.internal.engine.EngineFixture.ok;
import static dev.speechmeter.internal.engine.EngineFixture.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.LimitDecision;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PoolUse;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.SlotLimit;
import dev.speechmeter.spi.Usage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

public abstract class ConcurrencyContract extends LimitStoreContract {

    private static final String TRANSCRIBE_CONCURRENT = Limits.concurrent("transcribe");

    private final EngineFixture fixture = fixture();

    @Test
    void holdsASlotUntilSettledAndRefusesBeyondThePool() {
        Caller caller = fixture.caller(Limits.none(), limits(TRANSCRIBE_CONCURRENT, 2));
        Admission first = fixture.admit(caller, TRANSCRIBE);
        Admission second = fixture.admit(caller, TRANSCRIBE);

        Rejection rejection = fixture.admit(caller, TRANSCRIBE).rejection();

        assertThat(rejection.limit()).isEqualTo(Rejection.Limit.CONCURRENCY);
        assertThat(rejection.level()).isEqualTo(Level.PROJECT);
        assertThat(rejection.pool()).isEqualTo("transcribe");
        assertThat(rejection.message()).isEqualTo("Concurrent transcription limit has been exceeded for your project.");
        assertThat(rejection.retryAfterSeconds()).isEqualTo(1);

        ok(first);
        assertThat(fixture.admit(caller, TRANSCRIBE).admitted()).isTrue();
        ok(second);
    }

    @Test
    void poolsAreCountedApart() {
        Caller caller = fixture.caller(Limits.none(),
                limits(TRANSCRIBE_CONCURRENT, 1).with(Limits.concurrent("tts"), Cap.atMost(1)));
        assertThat(fixture.admit(caller, TRANSCRIBE).admitted()).isTrue();
        assertThat(fixture.admit(caller, TTS).admitted()).isTrue();
        assertThat(fixture.admit(caller, TRANSCRIBE).admitted()).isFalse();
    }

    @Test
    void theOrganizationPoolIsSharedByItsProjectsAndNamedInTheRefusal() {
        UUID organization = UUID.randomUUID();
        Caller a = fixture.directory.add("a", organization, limits(TRANSCRIBE_CONCURRENT, 2), Limits.none());
        Caller b = fixture.directory.add("b", organization, limits(TRANSCRIBE_CONCURRENT, 2), Limits.none());
        fixture.admit(a, TRANSCRIBE);
        fixture.admit(b, TRANSCRIBE);

        Rejection rejection = fixture.admit(a, TRANSCRIBE).rejection();

        assertThat(rejection.level()).isEqualTo(Level.ORGANIZATION);
        assertThat(rejection.message())
                .isEqualTo("Concurrent transcription limit has been exceeded for your organization.");
    }

    @Test
    void aProjectPoolRefusalGivesBackTheOrganizationSlot() {
        UUID organization = UUID.randomUUID();
        Caller full = fixture.directory.add("full", organization, limits(TRANSCRIBE_CONCURRENT, 2),
                limits(TRANSCRIBE_CONCURRENT, 1));
        Caller other = fixture.directory.add("other", organization, limits(TRANSCRIBE_CONCURRENT, 2), Limits.none());
        fixture.admit(full, TRANSCRIBE);
        for (int i = 0; i < 5; i++) {
            assertThat(fixture.admit(full, TRANSCRIBE).rejection().level()).isEqualTo(Level.PROJECT);
        }

        assertThat(fixture.admit(other, TRANSCRIBE).admitted()).as("the organization's second slot").isTrue();
        assertThat(fixture.engine.concurrency(full).organization().current()).containsEntry(TRANSCRIBE_CONCURRENT, 2);
    }

    @Test
    void aPoolRefusalGivesBackTheRequestToken() {
        Caller caller = fixture.caller(Limits.none(), rpm(2).with(TRANSCRIBE_CONCURRENT, Cap.atMost(1)));
        Admission held = fixture.admit(caller, TRANSCRIBE);
        for (int i = 0; i < 5; i++) {
            assertThat(fixture.admit(caller, TRANSCRIBE).rejection().limit()).isEqualTo(Rejection.Limit.CONCURRENCY);
        }
        ok(held);

        assertThat(fixture.admit(caller, TRANSCRIBE).admitted()).as("the second of 2 requests a minute").isTrue();
    }

    @Test
    void aPoolRefusalAtTheOrganizationKeepsNoRequestTokenAtEitherLevel() {
        poolRefusalKeepsNoRequestToken(Level.ORGANIZATION);
    }

    @Test
    void aPoolRefusalAtTheProjectKeepsNoRequestTokenAtEitherLevel() {
        poolRefusalKeepsNoRequestToken(Level.PROJECT);
    }

    /** A pool of one slot at {@code full}, three requests a minute at both levels. */
    private void poolRefusalKeepsNoRequestToken(Level full) {
        Limits pool = rpm(3).with(TRANSCRIBE_CONCURRENT, Cap.atMost(1));
        Caller caller = full == Level.ORGANIZATION ? fixture.caller(pool, rpm(3)) : fixture.caller(rpm(3), pool);
        Admission held = fixture.admit(caller, TRANSCRIBE);
        for (int i = 0; i < 5; i++) {
            Rejection rejection = fixture.admit(caller, TRANSCRIBE).rejection();
            assertThat(rejection.limit()).isEqualTo(Rejection.Limit.CONCURRENCY);
            assertThat(rejection.level()).isEqualTo(full);
        }

        LimitStore store = fixture.engine.limitStore();
        assertThat(store.rateStanding(Level.ORGANIZATION, new RateLimit(caller.organizationId(), 3))
                .available()).as("organization tokens left").isEqualTo(2);
        assertThat(store.rateStanding(Level.PROJECT, new RateLimit(caller.projectId(), 3))
                .available()).as("project tokens left").isEqualTo(2);
        ok(held);
        assertThat(fixture.admit(caller, TRANSCRIBE).admitted()).as("the second of 3 requests a minute").isTrue();
    }

    @Test
    void aRateRefusalAtTheOrganizationHoldsNoSlot() {
        rateRefusalHoldsNoSlot(Level.ORGANIZATION);
    }

    @Test
    void aRateRefusalAtTheProjectHoldsNoSlot() {
        rateRefusalHoldsNoSlot(Level.PROJECT);
    }

    /** One request a minute at {@code full}, a pool of three slots at both levels. */
    private void rateRefusalHoldsNoSlot(Level full) {
        Limits pool = limits(TRANSCRIBE_CONCURRENT, 3);
        Limits slow = rpm(1).with(TRANSCRIBE_CONCURRENT, Cap.atMost(3));
        Caller caller = full == Level.ORGANIZATION ? fixture.caller(slow, pool) : fixture.caller(pool, slow);
        Admission first = fixture.admit(caller, TRANSCRIBE);
        for (int i = 0; i < 5; i++) {
            Rejection rejection = fixture.admit(caller, TRANSCRIBE).rejection();
            assertThat(rejection.limit()).isEqualTo(Rejection.Limit.REQUEST_RATE);
            assertThat(rejection.level()).isEqualTo(full);
        }

        ConcurrencyReport report = fixture.engine.concurrency(caller);
        assertThat(report.organization().current()).as("only the admitted request's slot")
                .containsEntry(TRANSCRIBE_CONCURRENT, 1);
        assertThat(report.project().current()).containsEntry(TRANSCRIBE_CONCURRENT, 1);
        ok(first);
        assertThat(slotsInUse(caller)).as("organization and project slots in the store after settling")
                .containsExactly(0, 0);
    }

    @Test
    void theStoreAdmitsATokenAndASlotTogetherOrNeither() {
        LimitStore store = fixture.engine.limitStore();
        UUID organization = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        RateLimit organizationRate = new RateLimit(organization, 10);
        RateLimit projectRate = new RateLimit(project, 2);
        SlotLimit organizationSlot = new SlotLimit(organization, null);
        SlotLimit projectSlot = new SlotLimit(project, 1);

        LimitDecision admitted = store.admit(organizationRate, projectRate, "transcribe", organizationSlot, projectSlot);
        LimitDecision poolFull = store.admit(organizationRate, projectRate, "transcribe", organizationSlot, projectSlot);
        store.releaseSlot(admitted.slot().lease());
        LimitDecision second = store.admit(organizationRate, projectRate, "transcribe", organizationSlot, projectSlot);
        store.releaseSlot(second.slot().lease());
        LimitDecision rateSpent = store.admit(organizationRate, projectRate, "transcribe", organizationSlot, projectSlot);

        assertThat(admitted.admitted()).isTrue();
        assertThat(admitted.slot().inUse(Level.PROJECT)).isEqualTo(1);
        assertThat(poolFull.admitted()).isFalse();
        assertThat(poolFull.slot().refusedBy()).isEqualTo(Level.PROJECT);
        assertThat(second.admitted()).as("the refusal above kept no token").isTrue();
        assertThat(rateSpent.admitted()).isFalse();
        assertThat(rateSpent.rate().refusedBy()).isEqualTo(Level.PROJECT);
        assertThat(rateSpent.slot()).as("no slot tried").isNull();
        assertThat(store.slotsInUse(Level.ORGANIZATION, organization, "transcribe")).isZero();
        assertThat(store.slotsInUse(Level.PROJECT, project, "transcribe")).isZero();
    }

    @Test
    void theStoreReadsEveryPoolAtBothLevelsInOneCallInTheOrderAsked() {
        LimitStore store = fixture.engine.limitStore();
        UUID organization = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID sibling = UUID.randomUUID();
        LimitDecision ours = store.admit(null, null, "tts", new SlotLimit(organization, null),
                new SlotLimit(project, null));
        LimitDecision theirs = store.admit(null, null, "tts", new SlotLimit(organization, null),
                new SlotLimit(sibling, null));
        LimitDecision transcription = store.admit(null, null, "transcribe", new SlotLimit(organization, null),
                new SlotLimit(project, null));

        List<PoolUse> uses = store.poolUse(organization, project, List.of("tts", "transcribe", "other"));

        assertThat(uses).containsExactly(new PoolUse("tts", 2, 1), new PoolUse("transcribe", 1, 1),
                new PoolUse("other", 0, 0));
        store.releaseSlot(ours.slot().lease());
        store.releaseSlot(theirs.slot().lease());
        store.releaseSlot(transcription.slot().lease());
        assertThat(store.poolUse(organization, project, List.of("tts", "transcribe")))
                .containsExactly(new PoolUse("tts", 0, 0), new PoolUse("transcribe", 0, 0));
    }

    @Test
    void theStoreTakesNoTokenWithoutARateCapAndNoSlotWithoutAPool() {
        LimitStore store = fixture.engine.limitStore();
        UUID organization = UUID.randomUUID();
        UUID project = UUID.randomUUID();

        LimitDecision slotOnly = store.admit(null, null, "tts", new SlotLimit(organization, 1),
                new SlotLimit(project, 1));
        LimitDecision rateOnly = store.admit(null, new RateLimit(project, 1), null, null, null);

        assertThat(slotOnly.rate()).isNull();
        assertThat(slotOnly.slot().acquired()).isTrue();
        assertThat(rateOnly.rate().taken()).isTrue();
        assertThat(rateOnly.slot()).isNull();
        store.releaseSlot(slotOnly.slot().lease());
        assertThat(store.slotsInUse(Level.PROJECT, project, "tts")).isZero();
    }

    @Test
    void settlingTwiceReleasesOnce() {
        Caller caller = fixture.caller(Limits.none(), limits(TRANSCRIBE_CONCURRENT, 2));
        Admission first = fixture.admit(caller, TRANSCRIBE);
        Admission second = fixture.admit(caller, TRANSCRIBE);

        assertThat(first.settle(200, Usage.NONE, null)).isTrue();
        assertThat(first.settle(500, Usage.NONE, null)).isFalse();

        assertThat(slotsInUse(caller)).as("the second request's slots, once at each level").containsExactly(1, 1);
        ok(second);
        assertThat(slotsInUse(caller)).as("organization and project slots in the store").containsExactly(0, 0);
        assertThat(fixture.engine.heldSlotEntries()).isZero();
    }

    @Test
    void reportsCurrentAndLimitsOfEveryPoolAtBothLevels() {
        Caller caller = fixture.caller(limits(TRANSCRIBE_CONCURRENT, 10), limits(TRANSCRIBE_CONCURRENT, 4));
        fixture.admit(caller, TRANSCRIBE);
        fixture.admit(caller, TRANSCRIBE);

        ConcurrencyReport report = fixture.engine.concurrency(caller);

        assertThat(report.project().current()).containsEntry("transcribe_concurrent", 2).containsEntry("tts_concurrent", 0);
        assertThat(report.project().limits()).containsEntry("transcribe_concurrent", 4).containsEntry("tts_concurrent", null);
        assertThat(report.organization().current()).containsEntry("transcribe_concurrent", 2);
        assertThat(report.organization().limits()).containsEntry("transcribe_concurrent", 10);
    }

    /** The transcribe slots the store counts for the caller's organization and project. */
    private List<Integer> slotsInUse(Caller caller) {
        LimitStore store = fixture.engine.limitStore();
        return List.of(store.slotsInUse(Level.ORGANIZATION, caller.organizationId(), "transcribe"),
                store.slotsInUse(Level.PROJECT, caller.projectId(), "transcribe"));
    }
}
