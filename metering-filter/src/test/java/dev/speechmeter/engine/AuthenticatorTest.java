package dev.speechmeter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final String SECRET = "sm_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final Authenticator authenticator = new Authenticator(directory, clock, Duration.ofSeconds(30), 1_000);
    private final Caller caller = directory.add(SECRET, Limits.none(), Limits.none());

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + SECRET, "Token " + SECRET, "bearer " + SECRET, "TOKEN  " + SECRET + " "})
    void acceptsBearerAndTokenSchemes(String header) throws AuthenticationFailure {
        assertThat(authenticator.authenticate(header)).isEqualTo(caller);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aMissingKeyIsRefused(String header) {
        assertThatThrownBy(() -> authenticator.authenticate(header))
                .isInstanceOf(AuthenticationFailure.class)
                .hasMessageStartingWith("Missing API key.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", SECRET, "Bearer", "Digest " + SECRET})
    void aMalformedHeaderIsRefusedWithoutEchoingIt(String header) {
        assertThatThrownBy(() -> authenticator.authenticate(header))
                .isInstanceOf(AuthenticationFailure.class)
                .hasMessageStartingWith("Malformed Authorization header.")
                .hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer sm_unknown_key_000000000000000000000000", "Bearer key with spaces", "Bearer \u00e9t\u00e9"})
    void unknownOrIllFormedKeysAreRefused(String header) {
        assertThatThrownBy(() -> authenticator.authenticate(header))
                .isInstanceOf(AuthenticationFailure.class)
                .hasMessage("Invalid API key.");
    }

    @Test
    void aHugeKeyIsRefusedWithoutAskingTheDirectory() {
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + "k".repeat(10_000)))
                .hasMessage("Invalid API key.");
        assertThat(directory.lookups()).isZero();
    }

    @Test
    void answersAreCachedForTheirTimeToLive() throws AuthenticationFailure {
        for (int i = 0; i < 100; i++) {
            authenticator.authenticate("Bearer " + SECRET);
        }
        assertThat(directory.lookups()).isEqualTo(1);

        directory.remove(SECRET);
        clock.advance(Duration.ofSeconds(29));
        assertThat(authenticator.authenticate("Bearer " + SECRET)).as("still cached").isEqualTo(caller);

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + SECRET)).hasMessage("Invalid API key.");
        assertThat(directory.lookups()).isEqualTo(2);
    }

    @Test
    void forgettingTheCacheTakesRevocationsAtOnce() throws AuthenticationFailure {
        authenticator.authenticate("Bearer " + SECRET);
        directory.remove(SECRET);

        authenticator.forgetAll();

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + SECRET)).hasMessage("Invalid API key.");
    }
}
