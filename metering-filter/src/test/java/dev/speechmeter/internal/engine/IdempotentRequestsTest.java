package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.IdempotencyClaim.Outcome;
import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.StoredResponse;
import dev.speechmeter.testing.FakeClock;
import dev.speechmeter.testing.Race;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decisions on submits with an idempotency key, over the in-memory store, on a clock that
 * moves only when told.
 */
class IdempotentRequestsTest {

    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final UUID PROJECT = UUID.fromString("018f0000-0000-7000-8000-000000000001");
    private static final byte[] ORDER = fingerprint("POST", "/v1/transcriptions", "{\"file_id\":\"a\"}");
    private static final byte[] OTHER_ORDER = fingerprint("POST", "/v1/transcriptions", "{\"file_id\":\"b\"}");

    private final FakeClock clock = new FakeClock();
    private final IdempotentRequests requests =
            new IdempotentRequests(IdempotencyStore.local(clock, 1_000), clock, RETENTION, LEASE);

    @Test
    void aNewKeyIsClaimedAndGoesOnToAdmission() {
        IdempotentRequests.Decision decision = begin("order-1", ORDER);

        assertThat(decision.claim().outcome()).isEqualTo(Outcome.CLAIMED);
        assertThat(decision.attempt()).isNotNull();
    }

    @Test
    void aRepeatOfACompletedRequestGetsItsResponseAndNoAttempt() {
        IdempotentRequests.Decision first = begin("order-1", ORDER);
        StoredResponse response = response(first.attempt().requestId(), "{\"id\":\"t-1\"}");
        first.attempt().end(201, false, () -> response);
        clock.advance(RETENTION.minusSeconds(1));

        IdempotentRequests.Decision repeat = begin("order-1", ORDER);

        assertThat(repeat.claim().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(repeat.claim().response()).isEqualTo(response);
        assertThat(repeat.attempt()).isNull();
    }

    @Test
    void theSameKeyForADifferentRequestIsAMismatchWhetherTheFirstRunsOrCompleted() {
        IdempotentRequests.Decision first = begin("order-1", ORDER);

        assertThat(begin("order-1", OTHER_ORDER).claim().outcome()).isEqualTo(Outcome.MISMATCH);
        first.attempt().end(200, false, () -> response(first.attempt().requestId(), "{}"));
        assertThat(begin("order-1", OTHER_ORDER).claim().outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(begin("order-1", ORDER).claim().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aRepeatWhileTheFirstRunsIsToldItRuns() {
        begin("order-1", ORDER);
        clock.advance(LEASE.minusMillis(1));

        assertThat(begin("order-1", ORDER).claim().outcome()).isEqualTo(Outcome.RUNNING);
    }

    @Test
    void aRunningKeyWhoseLeasePassedIsTakenOverAndTheFirstCanNoLongerCompleteIt() {
        IdempotentRequests.Decision crashed = begin("order-1", ORDER);
        clock.advance(LEASE);

        IdempotentRequests.Decision takeover = begin("order-1", ORDER);
        crashed.attempt().end(200, false, () -> response(crashed.attempt().requestId(), "{\"late\":true}"));

        assertThat(takeover.claim().outcome()).isEqualTo(Outcome.CLAIMED);
        assertThat(begin("order-1", ORDER).claim().outcome()).as("still the takeover's").isEqualTo(Outcome.RUNNING);
        StoredResponse own = response(takeover.attempt().requestId(), "{\"own\":true}");
        takeover.attempt().end(200, false, () -> own);
        assertThat(begin("order-1", ORDER).claim().response()).isEqualTo(own);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 429, 500, 503})
    void aFirstAttemptThatFailedReleasesTheKeyForARetry(int status) {
        IdempotentRequests.Decision first = begin("order-1", ORDER);
        first.attempt().end(status, false, () -> {
            throw new AssertionError("a failed response is not kept");
        });

        assertThat(begin("order-1", ORDER).claim().outcome()).isEqualTo(Outcome.CLAIMED);
    }

    @Test
    void aFirstAttemptCutShortReleasesTheKeyEvenWithA2xxStatus() {
        IdempotentRequests.Decision first = begin("order-1", ORDER);
        first.attempt().end(200, true, () -> response(first.attempt().requestId(), "{}"));

        assertThat(begin("order-1", ORDER).claim().outcome()).isEqualTo(Outcome.CLAIMED);
    }

    @Test
    void anAttemptEndsOnceReleasingAfterCompletingChangesNothing() {
        IdempotentRequests.Decision first = begin("order-1", ORDER);
        first.attempt().end(200, false, () -> response(first.attempt().requestId(), "{}"));
        first.attempt().release();

        assertThat(begin("order-1", ORDER).claim().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aKeyIsForgottenOnceItsRetentionPassed() {
        IdempotentRequests.Decision first = begin("order-1", ORDER);
        clock.advance(Duration.ofMinutes(1));
        first.attempt().end(200, false, () -> response(first.attempt().requestId(), "{}"));
        clock.advance(RETENTION);

        assertThat(begin("order-1", OTHER_ORDER).claim().outcome()).as("a new request").isEqualTo(Outcome.CLAIMED);
    }

    @Test
    void keysAreThoseOfOneProject() {
        begin("order-1", ORDER);

        assertThat(requests.begin(UUID.randomUUID(), "order-1", ORDER, UUID.randomUUID()).claim().outcome())
                .isEqualTo(Outcome.CLAIMED);
    }

    @Test
    void aResponseTooLargeToKeepIsCompletedWithoutItsBody() {
        IdempotentRequests.Decision first = begin("order-1", ORDER);
        UUID id = first.attempt().requestId();
        first.attempt().end(200, false, () -> new StoredResponse(id, 200, Map.of(), null));

        IdempotentRequests.Decision repeat = begin("order-1", ORDER);
        assertThat(repeat.claim().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(repeat.claim().response().bodyKept()).isFalse();
        assertThat(repeat.claim().response().requestId()).isEqualTo(id);
    }

    @Test
    void ofManyFirstAttemptsAtOnceExactlyOneClaimsTheKey() throws Exception {
        AtomicInteger claimed = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            Race.run(pool, 64, Duration.ofSeconds(10), thread -> {
                Outcome outcome = begin("order-race", ORDER).claim().outcome();
                (outcome == Outcome.CLAIMED ? claimed : running).incrementAndGet();
                assertThat(outcome).isIn(Outcome.CLAIMED, Outcome.RUNNING);
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimed).hasValue(1);
        assertThat(running).hasValue(63);
    }

    @Test
    void theFingerprintTellsMethodPathQueryAndBodyApart() {
        assertThat(ORDER).isNotEqualTo(OTHER_ORDER)
                .isNotEqualTo(fingerprint("PUT", "/v1/transcriptions", "{\"file_id\":\"a\"}"))
                .isNotEqualTo(fingerprint("POST", "/v1/transcription", "{\"file_id\":\"a\"}"))
                .isEqualTo(fingerprint("POST", "/v1/transcriptions", "{\"file_id\":\"a\"}"));
        byte[] withQuery = IdempotentRequests.fingerprintOf("POST", "/v1/listen", "model=a").digest();
        assertThat(withQuery).isNotEqualTo(IdempotentRequests.fingerprintOf("POST", "/v1/listen", "model=b").digest())
                .isNotEqualTo(IdempotentRequests.fingerprintOf("POST", "/v1/listen", null).digest());
    }

    @Test
    void aKeyIsOneTo255PrintableAsciiCharacters() {
        assertThat(IdempotentRequests.problemWith("a")).isNull();
        assertThat(IdempotentRequests.problemWith(" ~!\"order 42\"")).isNull();
        assertThat(IdempotentRequests.problemWith("k".repeat(255))).isNull();
        assertThat(IdempotentRequests.problemWith("")).contains("empty");
        assertThat(IdempotentRequests.problemWith("k".repeat(256))).contains("at most 255");
        assertThat(IdempotentRequests.problemWith("order\t1")).contains("printable ASCII");
        assertThat(IdempotentRequests.problemWith("order\u007f")).contains("printable ASCII");
        assertThat(IdempotentRequests.problemWith("ordre-\u00e9")).contains("printable ASCII");
        assertThat(IdempotentRequests.problemWith("\u8ba2\u5355")).contains("printable ASCII");
    }

    @Test
    void keysAreKeptAtLeastADay() {
        assertThat(MeteringConfig.defaults().idempotencyRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(MeteringConfig.builder().idempotencyRetention(Duration.ofHours(72)).build().idempotencyRetention())
                .isEqualTo(Duration.ofHours(72));
        assertThatThrownBy(() -> MeteringConfig.builder().idempotencyRetention(Duration.ofHours(23)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("speechmeter.idempotency.retention-hours");
        assertThatThrownBy(() -> MeteringConfig.builder().idempotencyLease(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("speechmeter.idempotency.lease-seconds");
    }

    private IdempotentRequests.Decision begin(String key, byte[] fingerprint) {
        return requests.begin(PROJECT, key, fingerprint, UUID.randomUUID());
    }

    private static StoredResponse response(UUID requestId, String json) {
        return new StoredResponse(requestId, 200, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] fingerprint(String method, String path, String body) {
        var digest = IdempotentRequests.fingerprintOf(method, path, null);
        digest.update(body.getBytes(StandardCharsets.UTF_8));
        return digest.digest();
    }

    @Test
    void theFingerprintIsSha256() {
        assertThat(HexFormat.of().formatHex(IdempotentRequests.fingerprintOf("POST", "/", null).digest()))
                .hasSize(64);
    }
}
