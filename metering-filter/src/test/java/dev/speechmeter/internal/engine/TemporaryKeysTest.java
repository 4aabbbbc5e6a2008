package dev.speechmeter.internal.engine;

import dev.speechmeter.runtime.MeteringRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemporaryKeysTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final FakeClock clock = new FakeClock(NOW);
    private final TemporaryKeys keys = new TemporaryKeys(SECRET, clock);
    private final TemporaryGrant grant = new TemporaryGrant(UUID.randomUUID(), UUID.randomUUID(),
            "transcribe_websocket", NOW.plusSeconds(60), true, Duration.ofSeconds(300), "user-\u00e9-42");

    @Test
    void aMintedKeyVerifiesToItsGrant() throws Exception {
        String key = keys.mint(grant);

        assertThat(key).startsWith("temp:");
        assertThat(TemporaryKeys.isTemporary(key)).isTrue();
        assertThat(keys.verify(key)).isEqualTo(grant);
        TemporaryGrant plain = new TemporaryGrant(UUID.randomUUID(), UUID.randomUUID(), "tts_rt",
                NOW.plusSeconds(1), false, null, null);
        assertThat(keys.verify(keys.mint(plain))).isEqualTo(plain);
    }

    @Test
    void anotherServerWithTheSameSecretAcceptsIt() throws Exception {
        TemporaryKeys otherServer = new TemporaryKeys(SECRET.clone(), clock);

        assertThat(otherServer.verify(keys.mint(grant))).isEqualTo(grant);
    }

    @Test
    void itExpiresAtItsExpiryToTheSecond() throws Exception {
        String key = keys.mint(grant);
        clock.advance(Duration.ofSeconds(59).plusMillis(999));
        assertThat(keys.verify(key)).isEqualTo(grant);

        clock.advance(Duration.ofMillis(1));

        assertThatThrownBy(() -> keys.verify(key)).isInstanceOf(AuthenticationFailure.class)
                .hasMessage("The temporary API key has expired.");
    }

    @Test
    void aKeySignedWithAnotherSecretIsRefused() {
        TemporaryKeys forger = new TemporaryKeys("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.US_ASCII), clock);

        assertInvalid(forger.mint(grant));
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String key = keys.mint(grant);
        int dot = key.indexOf('.');
        byte[] payload = Base64.getUrlDecoder().decode(key.substring(5, dot));
        payload[payload.length - 1] ^= 1;   // another client_reference_id
        String tampered = "temp:" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + key.substring(dot);

        assertInvalid(tampered);
    }

    @Test
    void aLongerLifeCannotBeGrantedByEditingTheExpiry() {
        TemporaryGrant longer = new TemporaryGrant(grant.keyId(), grant.parentKeyId(), grant.usageType(),
                NOW.plusSeconds(3_000), grant.singleUse(), grant.maxSession(), grant.clientReferenceId());
        String genuine = keys.mint(grant);
        String forgedPayload = keys.mint(longer).substring(0, keys.mint(longer).indexOf('.'));

        assertInvalid(forgedPayload + genuine.substring(genuine.indexOf('.')));
    }

    @ParameterizedTest
    @ValueSource(strings = {"temp:", "temp:.", "temp:abc", "temp:abc.def", "temp:a.b.c", "temp:!!!.???", "sm_key",
        "temp:AQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void malformedKeysAreRefusedWithoutEchoingThem(String key) {
        assertThatThrownBy(() -> keys.verify(key)).isInstanceOf(AuthenticationFailure.class)
                .hasMessage("Invalid API key.");
    }

    @Test
    void aTruncatedKeyIsRefused() {
        String key = keys.mint(grant);

        assertInvalid(key.substring(0, key.length() - 1));
        assertInvalid(key.substring(0, key.indexOf('.') + 1));
    }

    @Test
    void theLongestGrantMakesAKeyThatCanBeSentAndVerifies() throws Exception {
        // 256 characters of three UTF-8 bytes each, and the longest usage type there is.
        TemporaryGrant longest = new TemporaryGrant(UUID.randomUUID(), UUID.randomUUID(), "u".repeat(64),
                NOW.plus(TemporaryKeys.MAX_LIFETIME), true, Duration.ofSeconds(18_000), "\u8a9e".repeat(256));

        String key = keys.mint(longest);

        assertThat(key.length()).isLessThanOrEqualTo(ApiKeys.MAX_TEMPORARY_LENGTH);
        assertThat(ApiKeys.isWellFormed(key)).isTrue();
        assertThat(keys.verify(key)).isEqualTo(longest);
    }

    @Test
    void noKeyIsMintedForLongerThanTheLongestLifetime() {
        TemporaryGrant tooLong = new TemporaryGrant(grant.keyId(), grant.parentKeyId(), grant.usageType(),
                NOW.plus(TemporaryKeys.MAX_LIFETIME).plusSeconds(2), false, null, null);

        assertThatThrownBy(() -> keys.mint(tooLong)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWellSignedKeyThatOutlivesTheLongestLifetimeIsRefused() {
        // Minted by a server whose clock runs a day ahead: the signature is good, the lifetime is not.
        TemporaryKeys ahead = new TemporaryKeys(SECRET, new FakeClock(NOW.plus(Duration.ofDays(1))));
        String key = ahead.mint(new TemporaryGrant(grant.keyId(), grant.parentKeyId(), grant.usageType(),
                NOW.plus(Duration.ofDays(1)).plusSeconds(60), false, null, null));

        assertInvalid(key);
    }

    @Test
    void aMinterWhoseClockRunsALittleAheadIsStillHonoured() throws Exception {
        TemporaryKeys ahead = new TemporaryKeys(SECRET, new FakeClock(NOW.plusSeconds(30)));
        TemporaryGrant full = new TemporaryGrant(grant.keyId(), grant.parentKeyId(), grant.usageType(),
                NOW.plusSeconds(30).plus(TemporaryKeys.MAX_LIFETIME), false, null, null);

        assertThat(keys.verify(ahead.mint(full))).isEqualTo(full);
    }

    @Test
    void theSecretMustBeLongEnough() {
        assertThatThrownBy(() -> new TemporaryKeys(new byte[31], clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void aConfiguredSigningSecretWinsOverTheDirectorysOwn() throws Exception {
        byte[] configured = "a-secret-from-the-credential-store".getBytes(StandardCharsets.US_ASCII);
        MapKeyDirectory directory = new MapKeyDirectory();
        Caller parent = directory.add("sm_parent_key_0123456789abcdefghijklmnopq", Limits.none(), Limits.none());
        MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.builder().temporaryKeySecret(configured).build()).keys(directory).ledger(new RecordingLedger()).prices(PriceTable.FREE).clock(clock).build().engine();
        TemporaryGrant toParent = new TemporaryGrant(UUID.randomUUID(), parent.apiKeyId(), "tts_rt",
                NOW.plusSeconds(60), false, null, null);

        String byConfigured = new TemporaryKeys(configured, clock).mint(toParent);
        String byDirectory = new TemporaryKeys(directory.signingSecret().orElseThrow(), clock).mint(toParent);

        assertThat(engine.authenticateKey(byConfigured).apiKeyId()).isEqualTo(parent.apiKeyId());
        assertThatThrownBy(() -> engine.authenticateKey(byDirectory)).isInstanceOf(AuthenticationFailure.class);
        assertThat(engine.temporaryKeys().mint(toParent)).isEqualTo(byConfigured);
    }

    private void assertInvalid(String key) {
        assertThatThrownBy(() -> keys.verify(key)).isInstanceOf(AuthenticationFailure.class)
                .hasMessage("Invalid API key.");
    }
}
