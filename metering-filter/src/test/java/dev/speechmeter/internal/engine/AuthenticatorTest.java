package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticatorTest {

    private static final String SECRET = "sm_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

    private final FakeClock clock = new FakeClock();
    private final MapKeyDirectory directory = new MapKeyDirectory();
    private final TemporaryKeys temporaryKeys = new TemporaryKeys(directory.signingSecret().orElseThrow(), clock);
    private final Authenticator authenticator = new Authenticator(directory, temporaryKeys, clock,
            Duration.ofSeconds(30), 1_000, 60, MeteringEvents.NONE);
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
    void aFloodOfRandomKeysFromOneAddressCostsTheDirectoryOnlyItsAllowance() {
        int attempts = 10_000;
        int throttled = 0;
        for (int i = 0; i < attempts; i++) {
            try {
                authenticator.authenticate("Bearer sm_random_" + i + "_0123456789abcdefghijklmnop", "198.51.100.7");
            } catch (AuthenticationThrottled e) {
                throttled++;
                assertThat(e.retryAfterSeconds()).isEqualTo(1);
            } catch (AuthenticationFailure e) {
                assertThat(e.getMessage()).isEqualTo("Invalid API key.");
            }
        }

        System.out.printf("AuthenticatorTest: %d random keys from one address, %d directory look-ups, %d throttled%n",
                attempts, directory.lookups(), throttled);
        assertThat(directory.lookups()).isEqualTo(60);
        assertThat(throttled).isEqualTo(attempts - 60);
    }

    @Test
    void aThrottledAddressKeepsItsCachedKeysAndRecoversAsItsAllowanceRefills() throws AuthenticationFailure {
        assertThat(authenticator.authenticate("Bearer " + SECRET, "198.51.100.7")).isEqualTo(caller);
        for (int i = 0; i < 60; i++) {
            String key = "Bearer sm_random_" + i + "_0123456789abcdefghijklmnop";
            assertThatThrownBy(() -> authenticator.authenticate(key, "198.51.100.7"))
                    .isNotInstanceOf(AuthenticationThrottled.class);
        }
        String fresh = "Bearer sm_fresh_0123456789abcdefghijklmnopqrstuv";
        assertThatThrownBy(() -> authenticator.authenticate(fresh, "198.51.100.7"))
                .isInstanceOf(AuthenticationThrottled.class);

        assertThat(authenticator.authenticate("Bearer " + SECRET, "198.51.100.7")).as("cached").isEqualTo(caller);
        assertThatThrownBy(() -> authenticator.authenticate(fresh, "203.0.113.9")).as("another address")
                .isNotInstanceOf(AuthenticationThrottled.class);

        clock.advanceSeconds(1);
        int before = directory.lookups();
        assertThatThrownBy(() -> authenticator.authenticate("Bearer sm_later_0123456789abcdefghijklmnopqrs",
                "198.51.100.7")).isNotInstanceOf(AuthenticationThrottled.class);
        assertThat(directory.lookups()).isEqualTo(before + 1);
    }

    @Test
    void aGoodKeyFromAnAddressFloodedWithBadOnesStillWorksAfterItsCachedAnswerExpired() throws AuthenticationFailure {
        assertThat(authenticator.authenticate("Bearer " + SECRET, "198.51.100.7")).isEqualTo(caller);
        for (int i = 0; i < 100; i++) {
            String key = "Bearer sm_random_" + i + "_0123456789abcdefghijklmnop";
            assertThatThrownBy(() -> authenticator.authenticate(key, "198.51.100.7"))
                    .isInstanceOf(AuthenticationFailure.class);
        }
        clock.advanceSeconds(31);   // the cached answer is gone; the flood goes on
        for (int i = 0; i < 60; i++) {
            String key = "Bearer sm_again_" + i + "_0123456789abcdefghijklmnopq";
            assertThatThrownBy(() -> authenticator.authenticate(key, "198.51.100.7"))
                    .isInstanceOf(AuthenticationFailure.class);
        }

        int before = directory.lookups();
        assertThat(authenticator.authenticate("Bearer " + SECRET, "198.51.100.7")).isEqualTo(caller);
        assertThat(directory.lookups()).as("looked up again, revocations included").isEqualTo(before + 1);
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

    @Test
    void aTemporaryKeyActsForItsParentsProjectThroughItsGrant() throws AuthenticationFailure {
        TemporaryGrant grant = grant(false, "user-42");

        Caller temporary = authenticator.authenticate("Bearer " + temporaryKeys.mint(grant));

        assertThat(temporary.isTemporary()).isTrue();
        assertThat(temporary.temporary()).isEqualTo(grant);
        assertThat(temporary.apiKeyId()).isEqualTo(caller.apiKeyId());
        assertThat(temporary.projectId()).isEqualTo(caller.projectId());
        assertThat(temporary.organizationId()).isEqualTo(caller.organizationId());
        assertThat(caller.isTemporary()).isFalse();
    }

    @Test
    void aTemporaryKeyMintedOnAnotherServerOfTheSameDirectoryIsAccepted() throws AuthenticationFailure {
        TemporaryKeys otherServer = new TemporaryKeys(directory.signingSecret().orElseThrow(), clock);

        assertThat(authenticator.authenticate("Token " + otherServer.mint(grant(false, null))).projectId())
                .isEqualTo(caller.projectId());
    }

    @Test
    void aTemporaryKeyDiesWithItsParentOnceTheCachedLookUpExpires() throws AuthenticationFailure {
        String key = temporaryKeys.mint(grant(false, null));
        authenticator.authenticate("Bearer " + key);
        directory.remove(SECRET);

        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + key)).isInstanceOf(AuthenticationFailure.class)
                .hasMessage("Invalid API key.");
    }

    @Test
    void forgettingCachedKeysRefusesARevokedParentAtOnce() throws AuthenticationFailure {
        String key = temporaryKeys.mint(grant(false, null));
        authenticator.authenticate("Bearer " + key);
        directory.remove(SECRET);

        authenticator.forgetAll();

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + key)).hasMessage("Invalid API key.");
    }

    @Test
    void anExpiredTemporaryKeyIsRefused() {
        String key = temporaryKeys.mint(grant(false, null));

        clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + key))
                .hasMessage("The temporary API key has expired.");
    }

    @Test
    void aSingleUseKeyWinsExactlyOnceEvenWhenUsesRace() throws Exception {
        Caller temporary = authenticator.authenticate("Bearer " + temporaryKeys.mint(grant(true, null)));
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        try {
            for (int i = 0; i < racers; i++) {
                pool.execute(() -> {
                    try {
                        start.await();
                        authenticator.use(temporary);
                        wins.incrementAndGet();
                    } catch (AuthenticationFailure failure) {
                        refusals.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(wins).hasValue(1);
        assertThat(refusals).hasValue(racers - 1);
        assertThatThrownBy(() -> authenticator.use(temporary))
                .hasMessage("This single-use temporary API key has already been used.");
    }

    @Test
    void aReusableTemporaryKeyAndAPermanentKeyAreUsedAnyNumberOfTimes() throws AuthenticationFailure {
        TemporaryGrant grant = grant(false, null);
        String key = temporaryKeys.mint(grant);
        Caller temporary = authenticator.authenticate("Bearer " + key);
        for (int i = 0; i < 3; i++) {
            assertThatCode(() -> authenticator.use(temporary)).as("use %d of the temporary key", i + 1)
                    .doesNotThrowAnyException();
            assertThatCode(() -> authenticator.use(caller)).as("use %d of the permanent key", i + 1)
                    .doesNotThrowAnyException();
        }

        assertThat(authenticator.authenticate("Bearer " + key)).isEqualTo(temporary);
        assertThat(directory.claimOnce(grant.keyId(), grant.expiresAt()))
                .as("a reusable key spends no single-use claim").isTrue();
    }

    @Test
    void aTemporaryKeyMaySpeakOnlyIfItsParentMay() throws AuthenticationFailure {
        String readerSecret = "sm_reader_0123456789abcdefghijklmnopqrstuv";
        Caller reader = directory.add(readerSecret, caller.organizationId(), Limits.none(), Limits.none(),
                Set.of(KeyPermission.USAGE_READ));
        TemporaryGrant grant = new TemporaryGrant(UUID.randomUUID(), reader.apiKeyId(), "tts_rt",
                clock.instant().plusSeconds(60), false, null, null);

        Caller temporary = authenticator.authenticate("Bearer " + temporaryKeys.mint(grant));

        assertThat(temporary.permissions()).isEmpty();
        assertThat(authenticator.authenticate("Bearer " + temporaryKeys.mint(grant(false, null))).permissions())
                .containsExactly(KeyPermission.SPEECH);
    }

    @Test
    void aDirectoryWithoutTemporaryKeySupportRefusesThem() {
        KeyDirectory plain = keyHash -> Optional.of(caller);
        Authenticator withPlainDirectory = new Authenticator(plain, temporaryKeys, clock, Duration.ofSeconds(30), 10, 60,
                MeteringEvents.NONE);

        assertThatThrownBy(() -> withPlainDirectory.authenticate("Bearer " + temporaryKeys.mint(grant(false, null))))
                .hasMessage("Invalid API key.");
    }

    private TemporaryGrant grant(boolean singleUse, String reference) {
        return new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), "transcribe_websocket",
                clock.instant().plusSeconds(60), singleUse, null, reference);
    }
}
