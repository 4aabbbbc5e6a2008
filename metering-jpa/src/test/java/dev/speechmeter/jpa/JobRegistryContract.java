package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.OpenJob;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Open jobs in {@code sm_open_job}, with servers played by registries on one database and one
 * clock: a server's jobs stay its own while it renews them, and are taken over, once, by one other
 * server after their lease, or at once when their server stopped cleanly.
 */
interface JobRegistryContract {

    Duration LEASE = Duration.ofSeconds(30);
    Instant OPENED = Instant.parse("2028-02-29T12:00:00Z");

    DataSource dataSource();

    TenantAdmin admin();

    KeyDirectory directory();

    UsageLedger ledger();

    /** Each test starts with no open job: the database is shared by the tests of a class. */
    @BeforeEach
    default void noOpenJobs() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM sm_open_job");
        }
    }

    /** A server of the fleet: a registry whose rounds the test runs, on {@code clock}. */
    default Server server(FakeClock clock) {
        JdbcJobRegistry registry = new JdbcJobRegistry(dataSource(), LEASE, Thread::new, clock);
        List<OpenJob> handed = new CopyOnWriteArrayList<>();
        registry.handingTo(handed::add);
        return new Server(registry, handed);
    }

    record Server(JdbcJobRegistry registry, List<OpenJob> handed) {
    }

    @Test
    default void aJobIsTakenOverWithEverythingItNeedsOnlyOnceItsServerStoppedRenewingForALease() throws SQLException {
        FakeClock clock = new FakeClock(OPENED);
        Server stopped = server(clock);
        Server running = server(clock);
        OpenJob job = job(jobCaller(), new LabelSet("speech_to_text", "sample", "transcribe"));
        stopped.registry().opened(job);

        clock.advance(LEASE.minusSeconds(1));
        assertThat(running.registry().takeOver()).isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(running.registry().takeOver()).isEqualTo(1);
        assertThat(running.registry().takeOver()).as("taken once").isZero();

        assertThat(running.handed()).containsExactly(job);
        assertThat(stopped.handed()).isEmpty();
    }

    @Test
    default void aServerThatRenewsKeepsItsJobs() throws SQLException {
        FakeClock clock = new FakeClock(OPENED);
        Server renewing = server(clock);
        Server other = server(clock);
        OpenJob job = job(jobCaller(), null);
        renewing.registry().opened(job);

        for (int round = 0; round < 6; round++) {
            clock.advance(LEASE.dividedBy(3));
            renewing.registry().renew();
            assertThat(other.registry().takeOver()).isZero();
        }
        assertThat(other.handed()).isEmpty();
    }

    @Test
    default void aClosedJobIsNeverTakenOverAndAServerThatStopsCleanlyHandsItsJobsOverAtOnce() throws SQLException {
        FakeClock clock = new FakeClock(OPENED);
        Server stopping = server(clock);
        Server other = server(clock);
        Caller caller = jobCaller();
        OpenJob ended = job(caller, null);
        OpenJob running = job(caller, null);
        stopping.registry().opened(ended);
        stopping.registry().opened(running);
        stopping.registry().closed(ended.id());
        stopping.registry().closed(ended.id());

        stopping.registry().close();

        assertThat(other.registry().takeOver()).isEqualTo(1);
        assertThat(other.handed()).containsExactly(running);
    }

    @Test
    default void aJobWhoseEntryIsWrittenAlreadyIsRemovedNotTakenOver() throws SQLException {
        FakeClock clock = new FakeClock(OPENED);
        Server stopped = server(clock);
        Server other = server(clock);
        Caller caller = jobCaller();
        OpenJob job = job(caller, null);
        stopped.registry().opened(job);
        ledger().record(new UsageRecord(job.id(), null, caller, job.requestScope(), job.endpoint(), job.method(), 200,
                null, job.startTime(), OPENED.plusSeconds(5), new Usage("stt", 0, 0, 5_000, 0, 0, 0), Costs.ZERO));

        stopped.registry().close();

        assertThat(other.registry().takeOver()).isZero();
        assertThat(other.handed()).isEmpty();
        clock.advance(LEASE.multipliedBy(3));
        assertThat(other.registry().takeOver()).as("the row is gone").isZero();
    }

    @Test
    default void aJobTheEngineCouldNotTakeIsTakenOverAgainByALaterRound() throws SQLException {
        FakeClock clock = new FakeClock(OPENED);
        Server stopped = server(clock);
        JdbcJobRegistry failing = new JdbcJobRegistry(dataSource(), LEASE, Thread::new, clock);
        failing.handingTo(job -> {
            throw new IllegalStateException("limit store away");
        });
        Server other = server(clock);
        OpenJob job = job(jobCaller(), null);
        stopped.registry().opened(job);
        stopped.registry().close();

        failing.round();

        assertThat(other.registry().takeOver()).isEqualTo(1);
        assertThat(other.handed()).containsExactly(job);
    }

    @Test
    default void twoServersTakingOverAtOnceTakeEachJobOnce() throws Exception {
        FakeClock clock = new FakeClock(OPENED);
        Server stopped = server(clock);
        Caller caller = jobCaller();
        int jobs = 20;
        for (int i = 0; i < jobs; i++) {
            stopped.registry().opened(job(caller, null));
        }
        stopped.registry().close();
        Server first = server(clock);
        Server second = server(clock);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> rounds = pool.invokeAll(List.<Callable<Integer>>of(
                    () -> {
                        together.await(10, TimeUnit.SECONDS);
                        return first.registry().takeOver();
                    },
                    () -> {
                        together.await(10, TimeUnit.SECONDS);
                        return second.registry().takeOver();
                    }));
            assertThat(rounds.get(0).get() + rounds.get(1).get()).isEqualTo(jobs);
        } finally {
            pool.shutdownNow();
        }
        assertThat(first.handed().size() + second.handed().size()).isEqualTo(jobs);
        assertThat(Stream.concat(first.handed().stream(), second.handed().stream()).map(OpenJob::id).distinct())
                .as("no job handed to both").hasSize(jobs);
    }

    private Caller jobCaller() {
        UUID organization = admin().createOrganization("Jobs " + UUID.randomUUID(), Limits.none());
        UUID project = admin().createProject(organization, "app", Limits.none());
        return directory().findByHash(ApiKeys.hash(admin().createKey(project, "backend").secret())).orElseThrow();
    }

    private static OpenJob job(Caller caller, LabelSet labels) {
        return new OpenJob(UUID.randomUUID(), "corr-" + UUID.randomUUID(), caller.apiKeyId(), caller.organizationId(),
                caller.projectId(), "transcribe_async", "/v1/transcriptions", "async", "transcribe", labels,
                "order-7", OPENED.minusMillis(1_250));
    }
}
