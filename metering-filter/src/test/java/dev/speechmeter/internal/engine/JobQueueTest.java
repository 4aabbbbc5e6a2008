package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.LimitExceededException;
import dev.speechmeter.MeteredJob;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Jobs of a {@code queue=jobs} endpoint that find their pool full wait for a slot instead of a
 * {@code 429}: first in, first out per project, at most a bound, holding no slot until they start.
 */
class JobQueueTest {

    private static final MeteredEndpoint QUEUED = new MeteredEndpoint("transcribe_async", "transcribe",
            ProcessingMethod.ASYNC, null, true, EndpointQueue.JOBS);
    private static final MeteredEndpoint UNQUEUED = new MeteredEndpoint("transcribe_async", "transcribe", "async");

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final RecordingLedger ledger = new RecordingLedger();
    private final MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.builder().jobQueueSize(3).build())
            .keys(directory).ledger(ledger).clock(clock).build().engine();
    private final RequestGate gate = new RequestGate(engine);
    private final List<String> started = new CopyOnWriteArrayList<>();

    private final Caller caller = caller("sm-queue-1", UUID.randomUUID(), 1, 100);

    private Caller caller(String key, UUID organization, int slots, int requestsPerMinute) {
        return directory.add(key, organization, Limits.none(), Limits.none()
                .with(Limits.concurrent("transcribe"), Cap.atMost(slots))
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(requestsPerMinute)));
    }

    private Passage submit(String key, MeteredEndpoint endpoint) {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + key);
        return gate.enter(headers::get, 0, "/v1/transcriptions", "192.0.2.1", endpoint);
    }

    /** A submit that became a job and was answered 201; its start is noted under {@code name}. */
    private MeteredJob job(String key, String name) {
        Passage passage = submit(key, QUEUED);
        assertThat(passage.admitted()).as(name + " admitted").isTrue();
        MeteredJob job = passage.usage().detach();
        job.onStart(() -> started.add(name));
        passage.settle(201, false);
        return job;
    }

    private int slots(Caller owner) {
        return engine.limitStore().slotsInUse(Level.PROJECT, owner.projectId(), "transcribe");
    }

    @Test
    void jobsThatFindThePoolFullWaitAndStartFirstInFirstOutAsSlotsFree() {
        MeteredJob first = job("sm-queue-1", "first");
        MeteredJob second = job("sm-queue-1", "second");
        MeteredJob third = job("sm-queue-1", "third");

        assertThat(started).containsExactly("first");
        assertThat(first.isQueued()).isFalse();
        assertThat(second.isQueued()).isTrue();
        assertThat(third.isQueued()).isTrue();
        assertThat(slots(caller)).as("waiting jobs hold no slot").isEqualTo(1);

        assertThat(first.complete()).isTrue();
        assertThat(started).containsExactly("first", "second");
        assertThat(second.isQueued()).isFalse();
        assertThat(slots(caller)).isEqualTo(1);

        assertThat(second.complete()).isTrue();
        assertThat(third.complete()).isTrue();
        assertThat(started).containsExactly("first", "second", "third");
        assertThat(slots(caller)).isZero();
        assertThat(ledger.records()).extracting(record -> record.statusCode()).containsExactly(200, 200, 200);
        assertThat(engine.jobs().queuedJobs()).isZero();
    }

    @Test
    void beyondTheBoundASubmitIsRefusedWithAWaitEstimatedFromHowLongJobsRan() {
        MeteredJob running = job("sm-queue-1", "running");
        clock.advance(Duration.ofSeconds(40));
        running.complete();
        job("sm-queue-1", "a");
        job("sm-queue-1", "b");
        job("sm-queue-1", "c");
        job("sm-queue-1", "d");

        Passage refused = submit("sm-queue-1", QUEUED);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal().statusCode()).isEqualTo(429);
        assertThat(refused.rejection().limit()).isEqualTo(Rejection.Limit.CONCURRENCY);
        assertThat(refused.refusal().retryAfterSeconds()).as("3 waiting and this one, one at a time, 40 s each")
                .isEqualTo(160);
        assertThat(engine.jobs().queuedJobs()).isEqualTo(3);
    }

    @Test
    void theRequestRateStillRefusesAtSubmit() {
        caller("sm-queue-2", UUID.randomUUID(), 1, 2);
        job("sm-queue-2", "running");
        job("sm-queue-2", "waiting");

        Passage refused = submit("sm-queue-2", QUEUED);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.rejection().limit()).isEqualTo(Rejection.Limit.REQUEST_RATE);
    }

    @Test
    void aWaitingRequestThatReportsWithoutBecomingAJobGetsTheRefusalAndLeavesTheQueue() {
        MeteredJob running = job("sm-queue-1", "running");
        Passage waiting = submit("sm-queue-1", QUEUED);

        waiting.usage().clientReferenceId("order-1");
        assertThatThrownBy(() -> waiting.usage().model("stt")).isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).error().statusCode()).isEqualTo(429));
        waiting.settle(429, false);
        running.complete();

        assertThat(engine.jobs().queuedJobs()).isZero();
        assertThat(slots(caller)).isZero();
        assertThat(ledger.only(waiting.requestId()).statusCode()).isEqualTo(429);
    }

    @Test
    void aWaitingJobCancelledIsRecordedUnbilledAndTheNextOneStartsInItsPlace() {
        MeteredJob running = job("sm-queue-1", "running");
        MeteredJob cancelled = job("sm-queue-1", "cancelled");
        job("sm-queue-1", "next");

        assertThat(cancelled.cancel()).isTrue();
        running.complete();

        assertThat(started).containsExactly("running", "next");
        assertThat(ledger.only(cancelled.id()).statusCode()).isEqualTo(499);
        assertThat(slots(caller)).isEqualTo(1);
    }

    @Test
    void aSubmitWhoseRequestFailsWhileItWaitsLeavesTheQueueAndHoldsNothing() {
        MeteredJob running = job("sm-queue-1", "running");
        Passage failing = submit("sm-queue-1", QUEUED);
        MeteredJob never = failing.usage().detach();
        never.onStart(() -> started.add("never"));

        failing.settle(500, true);
        running.complete();

        assertThat(started).containsExactly("running");
        assertThat(never.isOpen()).isFalse();
        assertThat(slots(caller)).isZero();
    }

    @Test
    void projectsOfAnOrganizationWhoseCapIsReachedAreServedInTheOrderTheirJobsCame() {
        UUID organization = UUID.randomUUID();
        directory.add("sm-org-a", organization, Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(1)),
                Limits.none());
        directory.add("sm-org-b", organization, Limits.none().with(Limits.concurrent("transcribe"), Cap.atMost(1)),
                Limits.none());
        MeteredJob running = job("sm-org-a", "a1");
        job("sm-org-b", "b1");
        job("sm-org-a", "a2");

        running.complete();

        assertThat(started).containsExactly("a1", "b1");
    }

    @Test
    void withoutAQueueAFullPoolStillRefusesAtOnce() {
        job("sm-queue-1", "running");

        Passage refused = submit("sm-queue-1", UNQUEUED);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal().statusCode()).isEqualTo(429);
        assertThat(engine.jobs().queuedJobs()).isZero();
    }
}
