package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Consumption;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with capacities (SPEC section 3), through {@link CapacityLedger} and
 * the debits its {@link UsageLedger} makes. Part of {@link StoreContractTest}, so it runs on
 * every database.
 */
interface CapacityContract {

    /** The last millisecond of a leap day, a Tuesday: the next one is in another day and month, the same week. */
    Instant LAST_OF_FEBRUARY = Instant.parse("2028-02-29T23:59:59.999Z");
    LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    LabelSet DIARIZE = new LabelSet("speaker_diarization", "sample", "diarize");

    DataSource dataSource();

    TenantAdmin admin();

    KeyDirectory directory();

    UsageLedger ledger();

    CapacityLedger capacities();

    @Test
    default void aCapacityOrAnExtensionWithAFractionOfASecondIsRefusedNotRounded() {
        CapacityOwner project = CapacityOwner.project(capacityCaller().projectId());

        assertThatThrownBy(() -> capacities().setCapacity(project, STT, BillingPeriod.DAY, Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(capacities().standings(project, LAST_OF_FEBRUARY)).isEmpty();
        capacities().setCapacity(project, STT, BillingPeriod.DAY, Duration.ofSeconds(60));
        assertThatThrownBy(() -> capacities().extend(project, STT, BillingPeriod.DAY, Duration.ofMillis(1),
                LAST_OF_FEBRUARY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(capacities().standings(project, LAST_OF_FEBRUARY)).singleElement()
                .satisfies(standing -> assertThat(standing.capacity()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    default void labelsWithoutACapacityStandNowhere() {
        Caller caller = capacityCaller();
        capacities().setCapacity(CapacityOwner.project(caller.projectId()), DIARIZE, BillingPeriod.DAY,
                Duration.ofMinutes(1));

        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), STT, LAST_OF_FEBRUARY)).isEmpty();
    }

    @Test
    default void aCapacityStandsInItsCurrentCalendarPeriod() {
        Caller caller = capacityCaller();
        capacities().setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.DAY, Duration.ofSeconds(60));

        CapacityStanding standing = only(caller, STT, LAST_OF_FEBRUARY);

        assertThat(standing.owner()).isEqualTo(CapacityOwner.project(caller.projectId()));
        assertThat(standing.labels()).isEqualTo(STT);
        assertThat(standing.period()).isEqualTo(BillingPeriod.DAY);
        assertThat(standing.window()).isEqualTo(new BillingPeriod.Window(Instant.parse("2028-02-29T00:00:00Z"),
                Instant.parse("2028-03-01T00:00:00Z")));
        assertThat(standing.capacity()).isEqualTo(Duration.ofSeconds(60));
        assertThat(standing.consumed()).isZero();
        assertThat(standing.extended()).isFalse();
        assertThat(standing.hasRemainingCapacity()).isTrue();
    }

    @Test
    default void aBilledRequestDebitsItsAudioFromBothOwnersOnceAndAFailedOneNothing() {
        Caller caller = capacityCaller();
        capacities().setCapacity(CapacityOwner.organization(caller.organizationId()), STT, BillingPeriod.MONTH,
                Duration.ofHours(100));
        capacities().setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.DAY, Duration.ofSeconds(60));
        UsageRecord billed = labeled(caller, 200, STT, LAST_OF_FEBRUARY, 30_000);

        ledger().record(billed);
        ledger().record(billed);                                              // the same request again: once
        ledger().record(labeled(caller, 500, STT, LAST_OF_FEBRUARY, 20_000));   // failed: nothing
        ledger().record(labeled(caller, 200, null, LAST_OF_FEBRUARY, 20_000));  // no labels: nothing
        ledger().record(labeled(caller, 200, DIARIZE, LAST_OF_FEBRUARY, 7_000)); // other labels

        List<CapacityStanding> standings = capacities().standings(caller.organizationId(), caller.projectId(), STT,
                LAST_OF_FEBRUARY);
        assertThat(standings).extracting(s -> s.owner().level() + " " + s.period() + " " + s.consumed().toMillis())
                .containsExactly("ORGANIZATION MONTH 30000", "PROJECT DAY 30000");
    }

    @Test
    default void consumptionBelongsToThePeriodARequestEndsInSoItRollsOverByItself() {
        Caller caller = capacityCaller();
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        for (BillingPeriod period : BillingPeriod.values()) {
            capacities().setCapacity(project, STT, period, Duration.ofHours(1));
        }
        Instant firstOfMarch = LAST_OF_FEBRUARY.plusMillis(1);
        ledger().record(labeled(caller, 200, STT, LAST_OF_FEBRUARY, 1_000));
        // Admitted on February 29th, done on March 1st: a period that began while it was in flight.
        UsageRecord inFlight = new UsageRecord(UUID.randomUUID(), null, caller, "transcribe_async",
                "/v1/transcriptions", "sync", 200, null, LAST_OF_FEBRUARY.minusSeconds(5), firstOfMarch.plusSeconds(2),
                new Usage("stt", 0, 0, 2_000, 0, 0, 0), Costs.ZERO, STT);
        ledger().record(inFlight);

        assertThat(consumedByPeriod(caller, LAST_OF_FEBRUARY))
                .as("March 1st is a Wednesday of the same week")
                .containsExactly("MONTH 1000", "WEEK 3000", "DAY 1000", "HOUR 1000", "MINUTE 1000");
        assertThat(consumedByPeriod(caller, firstOfMarch.plusSeconds(3)))
                .containsExactly("MONTH 2000", "WEEK 3000", "DAY 2000", "HOUR 2000", "MINUTE 2000");
        assertThat(consumedByPeriod(caller, Instant.parse("2028-03-06T00:00:00Z")))   // the next Monday
                .containsExactly("MONTH 2000", "WEEK 0", "DAY 0", "HOUR 0", "MINUTE 0");
    }

    @Test
    default void anExtensionRaisesACapacityForItsPeriodOnlyAndAddsUp() {
        Caller caller = capacityCaller();
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        capacities().setCapacity(project, STT, BillingPeriod.DAY, Duration.ofSeconds(60));

        assertThat(capacities().extend(project, STT, BillingPeriod.DAY, Duration.ofSeconds(30), LAST_OF_FEBRUARY)).isTrue();
        assertThat(capacities().extend(project, STT, BillingPeriod.DAY, Duration.ofSeconds(15), LAST_OF_FEBRUARY)).isTrue();
        ledger().record(labeled(caller, 200, STT, LAST_OF_FEBRUARY, 80_000));

        CapacityStanding today = only(caller, STT, LAST_OF_FEBRUARY);
        assertThat(today.capacity()).isEqualTo(Duration.ofSeconds(105));
        assertThat(today.extended()).isTrue();
        assertThat(today.consumed()).isEqualTo(Duration.ofSeconds(80));
        assertThat(today.hasRemainingCapacity()).isTrue();
        CapacityStanding tomorrow = only(caller, STT, LAST_OF_FEBRUARY.plusSeconds(1));
        assertThat(tomorrow.capacity()).isEqualTo(Duration.ofSeconds(60));
        assertThat(tomorrow.extended()).isFalse();
        assertThat(capacities().extend(project, STT, BillingPeriod.HOUR, Duration.ofSeconds(30), LAST_OF_FEBRUARY))
                .as("no hourly capacity to extend").isFalse();
        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), STT, LAST_OF_FEBRUARY))
                .hasSize(1);
    }

    @Test
    default void aCapacityUsedUpHasNoRoomUntilItsPeriodEnds() {
        Caller caller = capacityCaller();
        capacities().setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.DAY, Duration.ofSeconds(60));
        Instant morning = Instant.parse("2028-02-29T08:00:00Z");
        ledger().record(labeled(caller, 200, STT, morning, 59_999));
        assertThat(only(caller, STT, morning).hasRemainingCapacity()).isTrue();

        ledger().record(labeled(caller, 200, STT, morning.plusSeconds(1), 1));

        assertThat(only(caller, STT, morning.plusSeconds(2)).hasRemainingCapacity()).isFalse();
        assertThat(only(caller, STT, LAST_OF_FEBRUARY).hasRemainingCapacity()).isFalse();
        assertThat(only(caller, STT, LAST_OF_FEBRUARY.plusMillis(1)).hasRemainingCapacity()).isTrue();
    }

    @Test
    default void settingACapacityAgainReplacesItAndRemovingItLiftsIt() {
        Caller caller = capacityCaller();
        CapacityOwner organization = CapacityOwner.organization(caller.organizationId());
        capacities().setCapacity(organization, STT, BillingPeriod.WEEK, Duration.ofHours(2));
        capacities().setCapacity(organization, STT, BillingPeriod.WEEK, Duration.ofHours(3));
        assertThat(only(caller, STT, LAST_OF_FEBRUARY).capacity()).isEqualTo(Duration.ofHours(3));

        assertThat(capacities().removeCapacity(organization, STT, BillingPeriod.WEEK)).isTrue();
        assertThat(capacities().removeCapacity(organization, STT, BillingPeriod.WEEK)).isFalse();
        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), STT, LAST_OF_FEBRUARY)).isEmpty();
    }

    @Test
    default void everyCapacityOfBothOwnersIsListedOrganizationFirstLongerPeriodsFirst() {
        Caller caller = capacityCaller();
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        capacities().setCapacity(project, STT, BillingPeriod.DAY, Duration.ofHours(10));
        capacities().setCapacity(project, STT, BillingPeriod.MONTH, Duration.ofHours(100));
        capacities().setCapacity(project, DIARIZE, BillingPeriod.HOUR, Duration.ofMinutes(10));
        capacities().setCapacity(CapacityOwner.organization(caller.organizationId()), STT, BillingPeriod.MINUTE,
                Duration.ofMinutes(5));
        Caller stranger = capacityCaller();
        capacities().setCapacity(CapacityOwner.project(stranger.projectId()), STT, BillingPeriod.DAY, Duration.ofHours(1));

        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), LAST_OF_FEBRUARY))
                .extracting(s -> s.owner().level() + " " + s.labels().technology() + " " + s.period())
                .containsExactly("ORGANIZATION speech_to_text MINUTE", "PROJECT speaker_diarization HOUR",
                        "PROJECT speech_to_text MONTH", "PROJECT speech_to_text DAY");
    }

    @Test
    default void consumptionsAreAllTimeTotalsPerLabelSetOfTheOrganizationAndTheProject() {
        Caller caller = capacityCaller();
        UUID sibling = admin().createProject(caller.organizationId(), "sibling", Limits.none());
        Caller siblingCaller = callerOf(sibling);
        ledger().record(labeled(caller, 200, STT, LAST_OF_FEBRUARY, 1_500));
        ledger().record(labeled(caller, 200, STT, Instant.parse("2027-06-01T10:00:00Z"), 2_000));
        ledger().record(labeled(caller, 200, DIARIZE, LAST_OF_FEBRUARY, 250));
        ledger().record(labeled(siblingCaller, 200, STT, LAST_OF_FEBRUARY, 10_000));

        List<Consumption> consumptions = capacities().consumptions(caller.organizationId(), caller.projectId());

        assertThat(consumptions).extracting(c -> c.owner().level() + " " + c.labels().technology() + " "
                        + c.consumed().toMillis())
                .containsExactly("ORGANIZATION speaker_diarization 250", "ORGANIZATION speech_to_text 13500",
                        "PROJECT speaker_diarization 250", "PROJECT speech_to_text 3500");
    }

    @Test
    default void concurrentDebitsFromTwoServersOfOneCapacityLoseNothing() throws Exception {
        Caller caller = capacityCaller();
        capacities().setCapacity(CapacityOwner.project(caller.projectId()), STT, BillingPeriod.DAY, Duration.ofDays(1));
        // Two writers stand for two servers on the database; every call is a transaction of its own.
        List<JdbcUsageWriter> servers = List.of(new JdbcUsageWriter(dataSource()), new JdbcUsageWriter(dataSource()));
        int threads = 8;
        int batchesEach = 25;
        AtomicLong debited = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                JdbcUsageWriter server = servers.get(t % 2);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int b = 0; b < batchesEach; b++) {
                        List<UsageRecord> batch = new ArrayList<>();
                        for (int r = 0; r < 4; r++) {
                            long audio = ThreadLocalRandom.current().nextLong(1, 5_000);
                            debited.addAndGet(audio);
                            batch.add(labeled(caller, 200, STT, LAST_OF_FEBRUARY.minusSeconds(r), audio));
                        }
                        server.writeAll(batch);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(only(caller, STT, LAST_OF_FEBRUARY).consumed().toMillis()).isEqualTo(debited.get());
        assertThat(capacities().consumptions(caller.organizationId(), caller.projectId()))
                .extracting(c -> c.consumed().toMillis()).containsExactly(debited.get(), debited.get());
    }

    @Test
    default void minutesAndHoursAreKeptOnlyForTheirCapacitiesAndForgottenLongAfter() throws SQLException {
        Caller caller = capacityCaller();
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        JdbcUsageWriter writer = new JdbcUsageWriter(dataSource());
        Instant then = Instant.parse("2028-02-01T10:00:00Z");
        writer.writeAll(List.of(labeled(caller, 200, STT, then, 1_000)));
        assertThat(rowsOf(caller.projectId())).as("no capacity of an hour or a minute yet")
                .containsExactlyInAnyOrder("all", "day");
        capacities().setCapacity(project, STT, BillingPeriod.HOUR, Duration.ofMinutes(10));
        capacities().setCapacity(project, STT, BillingPeriod.MINUTE, Duration.ofMinutes(1));

        writer.writeAll(List.of(labeled(caller, 200, STT, then.plusSeconds(60), 1_000)));
        assertThat(rowsOf(caller.projectId())).containsExactlyInAnyOrder("all", "day", "hour", "minute");
        assertThat(rowsOf(caller.organizationId())).as("the organization has no such capacity")
                .containsExactlyInAnyOrder("all", "day");
        writer.writeAll(List.of(labeled(caller, 200, STT, then.plus(Duration.ofDays(2)), 1_000)));
        assertThat(rowsOf(caller.projectId())).as("the first minute is forgotten, its hour is kept")
                .containsExactlyInAnyOrder("all", "day", "hour", "day", "hour", "minute");
        writer.writeAll(List.of(labeled(caller, 200, STT, then.plus(Duration.ofDays(9)).plusSeconds(3600), 1_000)));

        assertThat(rowsOf(caller.projectId())).as("days are kept: months and weeks are summed from them")
                .containsExactlyInAnyOrder("all", "day", "day", "day", "hour", "minute");
        assertThat(capacities().consumptions(caller.organizationId(), caller.projectId()))
                .extracting(c -> c.consumed().toMillis()).containsExactly(4_000L, 4_000L);
    }

    @Test
    default void aCapacityNamingSomeLabelsAppliesToEveryRequestThatHasThemAndShowsOnlyItsOwn() {
        Caller caller = capacityCaller();
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        LabelSet allSpeechToText = LabelSet.technology("speech_to_text");
        LabelSet allOfSample = new LabelSet(null, "sample", null);
        LabelSet whisper = new LabelSet("speech_to_text", "whisper", "transcribe");
        capacities().setCapacity(project, allSpeechToText, BillingPeriod.DAY, Duration.ofSeconds(60));
        capacities().setCapacity(CapacityOwner.organization(caller.organizationId()), allOfSample, BillingPeriod.WEEK,
                Duration.ofSeconds(600));
        ledger().record(labeled(caller, 200, STT, LAST_OF_FEBRUARY, 1_000));
        ledger().record(labeled(caller, 200, whisper, LAST_OF_FEBRUARY, 20_000));
        ledger().record(labeled(caller, 200, DIARIZE, LAST_OF_FEBRUARY, 300));

        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), STT, LAST_OF_FEBRUARY))
                .extracting(s -> s.labels() + " " + s.period() + " " + s.consumed().toMillis())
                .containsExactly("vendor=sample WEEK 1300", "technology=speech_to_text DAY 21000");
        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), whisper, LAST_OF_FEBRUARY))
                .extracting(CapacityStanding::labels).containsExactly(allSpeechToText);
        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), DIARIZE, LAST_OF_FEBRUARY))
                .extracting(CapacityStanding::labels).containsExactly(allOfSample);
        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), LAST_OF_FEBRUARY))
                .extracting(s -> s.labels().entries().toString())
                .containsExactly("[vendor=sample]", "[technology=speech_to_text]");
    }

    @Test
    default void capacitiesOnOneLabelAndOnAllThreeAreDistinctAndEachIsChecked() {
        Caller caller = capacityCaller();
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        LabelSet allSpeechToText = LabelSet.technology("speech_to_text");
        capacities().setCapacity(project, allSpeechToText, BillingPeriod.DAY, Duration.ofSeconds(10));
        capacities().setCapacity(project, STT, BillingPeriod.DAY, Duration.ofSeconds(60));
        ledger().record(labeled(caller, 200, new LabelSet("speech_to_text", "whisper", "transcribe"), LAST_OF_FEBRUARY,
                10_000));

        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), STT, LAST_OF_FEBRUARY))
                .extracting(s -> s.labels() + " " + s.hasRemainingCapacity())
                .containsExactly("technology=speech_to_text false",
                        "technology=speech_to_text, vendor=sample, operation=transcribe true");

        assertThat(capacities().extend(project, allSpeechToText, BillingPeriod.DAY, Duration.ofSeconds(5),
                LAST_OF_FEBRUARY)).isTrue();
        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), STT, LAST_OF_FEBRUARY))
                .extracting(s -> s.capacity().toSeconds() + " " + s.extended() + " " + s.consumed().toMillis())
                .containsExactly("15 true 10000", "60 false 0");
        assertThat(capacities().removeCapacity(project, allSpeechToText, BillingPeriod.DAY)).isTrue();
        assertThat(capacities().standings(caller.organizationId(), caller.projectId(), STT, LAST_OF_FEBRUARY))
                .extracting(CapacityStanding::labels).containsExactly(STT);
    }

    @Test
    default void aCapacityOfAMinuteOnOneLabelKeepsTheMinutesOfEveryLabelSetItAppliesTo() throws SQLException {
        Caller caller = capacityCaller();
        CapacityOwner project = CapacityOwner.project(caller.projectId());
        capacities().setCapacity(project, new LabelSet(null, null, "transcribe"), BillingPeriod.MINUTE,
                Duration.ofSeconds(30));
        JdbcUsageWriter writer = new JdbcUsageWriter(dataSource());
        Instant then = Instant.parse("2028-02-01T10:00:00Z");
        LabelSet whisper = new LabelSet("speech_to_text", "whisper", "transcribe");

        writer.writeAll(List.of(labeled(caller, 200, STT, then, 10_000), labeled(caller, 200, whisper, then, 20_000),
                labeled(caller, 200, DIARIZE, then, 5_000)));

        assertThat(rowsOf(caller.projectId())).containsExactlyInAnyOrder("all", "day", "minute", "all", "day",
                "minute", "all", "day");
        CapacityStanding minute = only(caller, whisper, then);
        assertThat(minute.consumed()).isEqualTo(Duration.ofSeconds(30));
        assertThat(minute.hasRemainingCapacity()).isFalse();
        assertThat(only(caller, STT, then.plusSeconds(60)).hasRemainingCapacity()).isTrue();
        writer.writeAll(List.of(labeled(caller, 200, STT, then.plus(Duration.ofDays(2)), 1_000)));
        assertThat(rowsOf(caller.projectId())).as("the minutes of both label sets are forgotten a day later")
                .containsExactlyInAnyOrder("all", "day", "day", "minute", "all", "day", "all", "day");
    }

    @Test
    default void consumptionsListEachCapacitysLabelsAsSetBesideTheLabelSetsUsed() {
        Caller caller = capacityCaller();
        capacities().setCapacity(CapacityOwner.project(caller.projectId()), LabelSet.technology("speech_to_text"),
                BillingPeriod.MONTH, Duration.ofHours(1));
        capacities().setCapacity(CapacityOwner.project(caller.projectId()),
                new LabelSet("speaker_identification", "sample", null), BillingPeriod.MONTH, Duration.ofHours(1));
        ledger().record(labeled(caller, 200, STT, LAST_OF_FEBRUARY, 1_500));
        ledger().record(labeled(caller, 200, new LabelSet("speech_to_text", "whisper", "transcribe"),
                Instant.parse("2027-06-01T10:00:00Z"), 2_000));
        ledger().record(labeled(caller, 200, DIARIZE, LAST_OF_FEBRUARY, 250));

        assertThat(capacities().consumptions(caller.organizationId(), caller.projectId()))
                .extracting(c -> c.owner().level() + " " + c.labels().entries() + " " + c.consumed().toMillis())
                .containsExactly(
                        "ORGANIZATION [technology=speaker_diarization, vendor=sample, operation=diarize] 250",
                        "ORGANIZATION [technology=speech_to_text, vendor=sample, operation=transcribe] 1500",
                        "ORGANIZATION [technology=speech_to_text, vendor=whisper, operation=transcribe] 2000",
                        "PROJECT [technology=speaker_diarization, vendor=sample, operation=diarize] 250",
                        "PROJECT [technology=speaker_identification, vendor=sample] 0",
                        "PROJECT [technology=speech_to_text] 3500",
                        "PROJECT [technology=speech_to_text, vendor=sample, operation=transcribe] 1500",
                        "PROJECT [technology=speech_to_text, vendor=whisper, operation=transcribe] 2000");
    }

    @Test
    default void aCapacityNamingNoLabelCannotBeStored() throws SQLException {
        Caller caller = capacityCaller();
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO sm_capacity (owner_id,"
                     + " owner_level, technology, vendor, operation, period, capacity_ms)"
                     + " VALUES (?, 'project', '*', '*', '*', 'day', 1000)")) {
            statement.setObject(1, caller.projectId());
            assertThatThrownBy(statement::executeUpdate).isInstanceOf(SQLException.class);
        }
    }

    private List<String> rowsOf(UUID owner) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT period FROM sm_capacity_usage WHERE owner_id = ?")) {
            statement.setObject(1, owner);
            List<String> periods = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    periods.add(row.getString(1));
                }
            }
            return periods;
        }
    }

    private List<String> consumedByPeriod(Caller caller, Instant at) {
        return capacities().standings(caller.organizationId(), caller.projectId(), STT, at).stream()
                .map(s -> s.period() + " " + s.consumed().toMillis()).toList();
    }

    private CapacityStanding only(Caller caller, LabelSet labels, Instant at) {
        List<CapacityStanding> standings = capacities().standings(caller.organizationId(), caller.projectId(), labels, at);
        assertThat(standings).hasSize(1);
        return standings.get(0);
    }

    private Caller capacityCaller() {
        UUID organization = admin().createOrganization("Capacities " + UUID.randomUUID(), Limits.none());
        return callerOf(admin().createProject(organization, "app", Limits.none()));
    }

    private Caller callerOf(UUID project) {
        return directory().findByHash(ApiKeys.hash(admin().createKey(project, "backend").secret())).orElseThrow();
    }

    private static UsageRecord labeled(Caller caller, int status, LabelSet labels, Instant end, long audioMs) {
        return new UsageRecord(UUID.randomUUID(), null, caller, "transcribe_async", "/v1/transcriptions", "sync",
                status, null, end.minusSeconds(1), end, new Usage("stt", 0, 0, audioMs, 0, 0, 0), Costs.ZERO, labels);
    }
}
