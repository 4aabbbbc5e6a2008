package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import static dev.speechmeter.internal.engine.EngineFixture.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

public abstract class RequestRateContract extends LimitStoreContract {

    private final EngineFixture fixture = fixture();

    @Test
    void admitsUpToTheProjectLimitThenRefusesWithAnHonestRetryAfter() {
        Caller caller = fixture.caller(Limits.none(), rpm(3));
        for (int i = 0; i < 3; i++) {
            assertThat(fixture.admit(caller).admitted()).isTrue();
        }
        Rejection rejection = fixture.admit(caller).rejection();

        assertThat(rejection.limit()).isEqualTo(Rejection.Limit.REQUEST_RATE);
        assertThat(rejection.level()).isEqualTo(Level.PROJECT);
        assertThat(rejection.message()).isEqualTo("Requests per minute limit has been exceeded for your project.");
        // 3 a minute refill one token every 20 seconds.
        assertThat(rejection.retryAfterSeconds()).isEqualTo(20);

        fixture.clock.advanceSeconds(rejection.retryAfterSeconds() - 1);
        assertThat(fixture.admit(caller).admitted()).as("one second early").isFalse();
        fixture.clock.advanceSeconds(1);
        assertThat(fixture.admit(caller).admitted()).as("at Retry-After").isTrue();
    }

    @Test
    void retryAfterIsRoundedUpAndNeverBelowOneSecond() {
        Caller caller = fixture.caller(Limits.none(), rpm(7));
        for (int i = 0; i < 7; i++) {
            fixture.admit(caller);
        }
        Rejection rejection = fixture.admit(caller).rejection();
        // 60 s / 7 = 8.57 s
        assertThat(rejection.retryAfterSeconds()).isEqualTo(9);

        Rejection tiny = new Rejection(Rejection.Limit.REQUEST_RATE, Level.PROJECT, null, Duration.ofMillis(3));
        assertThat(tiny.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void organizationIsCheckedFirstAndItsRefusalNamesTheOrganization() {
        Caller caller = fixture.caller(rpm(2), rpm(10));
        fixture.admit(caller);
        fixture.admit(caller);

        Rejection rejection = fixture.admit(caller).rejection();

        assertThat(rejection.level()).isEqualTo(Level.ORGANIZATION);
        assertThat(rejection.message()).isEqualTo("Requests per minute limit has been exceeded for your organization.");
    }

    @Test
    void aProjectRefusalSpendsNothingAtTheOrganization() {
        UUID organization = UUID.randomUUID();
        Caller small = fixture.directory.add("small-project-key", organization, rpm(5), rpm(1));
        Caller other = fixture.directory.add("other-project-key", organization, rpm(5), Limits.none());

        assertThat(fixture.admit(small).admitted()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(fixture.admit(small).rejection().level()).isEqualTo(Level.PROJECT);
        }
        // The ten refusals above took nothing from the organization's 5: four are left.
        for (int i = 0; i < 4; i++) {
            assertThat(fixture.admit(other).admitted()).as("request %d of the other project", i).isTrue();
        }
        assertThat(fixture.admit(other).rejection().level()).isEqualTo(Level.ORGANIZATION);
    }

    @Test
    void anOrganizationRefusalWaitsForBothLevels() {
        UUID organization = UUID.randomUUID();
        Caller slowProject = fixture.directory.add("slow", organization, rpm(60), rpm(1));
        Caller busy = fixture.directory.add("busy", organization, rpm(60), Limits.none());
        fixture.admit(slowProject);
        for (int i = 0; i < 59; i++) {
            fixture.admit(busy);
        }
        // Organization refills a token in 1 s, the project in 60 s: only then would a retry succeed.
        Rejection rejection = fixture.admit(slowProject).rejection();

        assertThat(rejection.level()).isEqualTo(Level.ORGANIZATION);
        assertThat(rejection.retryAfterSeconds()).isEqualTo(60);
        fixture.clock.advanceSeconds(60);
        assertThat(fixture.admit(slowProject).admitted()).isTrue();
    }

    @Test
    void noCapAtALevelMeansThatLevelNeverRefuses() {
        Caller caller = fixture.caller(Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited()),
                Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.unlimited()));
        for (int i = 0; i < 1_000; i++) {
            assertThat(fixture.admit(caller).admitted()).isTrue();
        }
    }

    @Test
    void theConfiguredDefaultAppliesWhenTheDirectorySetsNothing() {
        EngineFixture configured = fixture(MeteringConfig.builder()
                .projectDefault(Limits.REQUESTS_PER_MINUTE, Cap.atMost(2)).build());
        Caller caller = configured.caller(Limits.none(), Limits.none());

        assertThat(configured.admit(caller).admitted()).isTrue();
        assertThat(configured.admit(caller).admitted()).isTrue();
        assertThat(configured.admit(caller).rejection().level()).isEqualTo(Level.PROJECT);
    }

    @Test
    void aCapOfZeroSuspendsTheCaller() {
        Caller caller = fixture.caller(Limits.none(), rpm(0));

        Rejection rejection = fixture.admit(caller).rejection();

        assertThat(rejection.level()).isEqualTo(Level.PROJECT);
        assertThat(rejection.retryAfterSeconds()).isEqualTo(60);
    }

    @Test
    void aChangedLimitTakesEffectOnTheNextRequest() {
        UUID organization = UUID.randomUUID();
        Caller before = fixture.directory.add("key", organization, Limits.none(), rpm(1));
        fixture.admit(before);
        assertThat(fixture.admit(before).admitted()).isFalse();

        Caller raised = new Caller(before.apiKeyId(), before.projectId(), organization, Limits.none(), rpm(5));

        assertThat(fixture.admit(raised).admitted()).isTrue();
    }
}
