package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.LabelSet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A ledger with a recheck time remembers that no capacity applies to a label set, and nothing
 * else: two ledgers on one database stand for two servers of a fleet.
 */
class CapacityAbsenceTest {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    private static final Duration RECHECK = Duration.ofSeconds(5);

    /** Two seconds before a new year in UTC: the recheck ends in another day, month and year. */
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-31T23:59:58Z"));
    private final UUID organization = UUID.randomUUID();
    private final UUID project = UUID.randomUUID();
    private final DataSource database = migratedH2();
    private final AtomicInteger connections = new AtomicInteger();
    private final CapacityLedger here = new JdbcCapacityLedger(counting(database), RECHECK, clock);
    private final CapacityLedger elsewhere = new JdbcCapacityLedger(database, RECHECK, clock);

    @Test
    void aCapacitySetOnAnotherServerAppliesOnceTheRecheckIsOverAndOneSetHereAtOnce() {
        assertThat(standings(here)).isEmpty();
        assertThat(standings(elsewhere)).isEmpty();

        elsewhere.setCapacity(CapacityOwner.project(project), STT, BillingPeriod.DAY, Duration.ZERO);

        assertThat(standings(elsewhere)).as("set on this server: applies at once").hasSize(1);
        clock.advance(RECHECK.minusNanos(1));
        assertThat(standings(here)).as("set on another server, within the recheck").isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(standings(here)).as("once the recheck is over").singleElement()
                .satisfies(standing -> assertThat(standing.hasRemainingCapacity()).isFalse());
    }

    @Test
    void theAbsenceIsReadOnceARecheckAndACapacityThatAppliesOnEveryRequest() {
        standings(here);
        standings(here);
        assertThat(connections).as("the second read is remembered").hasValue(1);
        clock.advance(RECHECK);
        standings(here);
        assertThat(connections).hasValue(2);

        here.setCapacity(CapacityOwner.organization(organization), LabelSet.technology("speech_to_text"),
                BillingPeriod.MONTH, Duration.ofHours(1));
        int before = connections.get();
        assertThat(standings(here)).hasSize(1);
        assertThat(standings(here)).hasSize(1);
        assertThat(connections.get() - before).as("a capacity that applies is read every time").isEqualTo(2);
    }

    @Test
    void aCapacityThatAppliesIsReadFreshWhateverAnotherServerChangesInIt() {
        here.setCapacity(CapacityOwner.project(project), STT, BillingPeriod.DAY, Duration.ofMinutes(1));
        assertThat(standings(here)).singleElement()
                .satisfies(standing -> assertThat(standing.hasRemainingCapacity()).isTrue());

        elsewhere.setCapacity(CapacityOwner.project(project), STT, BillingPeriod.DAY, Duration.ZERO);

        assertThat(standings(here)).as("no recheck to wait for").singleElement()
                .satisfies(standing -> assertThat(standing.hasRemainingCapacity()).isFalse());
    }

    @Test
    void otherLabelsAndOtherProjectsAreRememberedApart() {
        here.setCapacity(CapacityOwner.project(project), LabelSet.technology("language_identification"),
                BillingPeriod.DAY, Duration.ZERO);
        assertThat(standings(here)).as("the capacity names other labels").isEmpty();
        UUID otherProject = UUID.randomUUID();
        assertThat(here.standings(organization, otherProject, STT, clock.instant())).isEmpty();

        elsewhere.setCapacity(CapacityOwner.project(otherProject), STT, BillingPeriod.DAY, Duration.ZERO);
        clock.advance(RECHECK);

        assertThat(here.standings(organization, otherProject, STT, clock.instant())).hasSize(1);
        assertThat(standings(here)).isEmpty();
    }

    @Test
    void withoutARecheckEveryRequestReadsTheDatabase() {
        CapacityLedger always = new JdbcCapacityLedger(database);
        assertThat(standings(always)).isEmpty();

        elsewhere.setCapacity(CapacityOwner.project(project), STT, BillingPeriod.DAY, Duration.ZERO);

        assertThat(standings(always)).hasSize(1);
    }

    private List<CapacityStanding> standings(CapacityLedger ledger) {
        return ledger.standings(organization, project, STT, clock.instant());
    }

    /** {@code dataSource}, counting the connections taken from it. */
    private DataSource counting(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static DataSource migratedH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:absence-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(dataSource);
        return dataSource;
    }
}
