package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.IdempotencyClaim;
import dev.speechmeter.spi.IdempotencyClaim.Outcome;
import dev.speechmeter.spi.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What every database must do with idempotency keys, through {@link JdbcIdempotencyStore}. Part
 * of {@link StoreContractTest}, so it runs on H2, PostgreSQL and MariaDB. Each test has a project
 * of its own; time is passed in, never waited for.
 */
interface IdempotencyContract {

    /** The last millisecond of a leap day. */
    Instant NOW = Instant.parse("2028-02-29T23:59:59.999Z");
    Duration LEASE = Duration.ofMinutes(15);
    Duration RETENTION = Duration.ofHours(24);

    DataSource dataSource();

    private JdbcIdempotencyStore keys() {
        return new JdbcIdempotencyStore(dataSource());
    }

    private static byte[] fingerprint(String body) {
        var digest = dev.speechmeter.internal.engine.IdempotentRequests.fingerprintOf("POST", "/v1/transcriptions", null);
        digest.update(body.getBytes(StandardCharsets.UTF_8));
        return digest.digest();
    }

    private IdempotencyClaim claim(UUID project, String key, String body, UUID requestId, Instant at) {
        return keys().claim(project, key, fingerprint(body), requestId, at, LEASE, at.plus(RETENTION));
    }

    private static StoredResponse response(UUID requestId, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=UTF-8");
        headers.put("Location", "/v1/transcriptions/t-1");
        return new StoredResponse(requestId, 201, headers, body);
    }

    @Test
    default void aCompletedKeyGivesBackItsResponseByteForByte() {
        UUID project = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        byte[] body = new byte[StoredResponse.MAX_BODY_BYTES];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        assertThat(claim(project, "order-1", "{\"a\":1}", first, NOW).outcome()).isEqualTo(Outcome.CLAIMED);
        keys().complete(project, "order-1", first, response(first, body), NOW.plus(RETENTION));
        IdempotencyClaim repeat = claim(project, "order-1", "{\"a\":1}", UUID.randomUUID(), NOW.plusSeconds(5));

        assertThat(repeat.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(repeat.response()).isEqualTo(response(first, body));
    }

    @Test
    default void aKeyUsedForAnotherRequestIsAMismatchAndOneRunningSaysSo() {
        UUID project = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        claim(project, "order-1", "{\"a\":1}", first, NOW);

        assertThat(claim(project, "order-1", "{\"a\":2}", UUID.randomUUID(), NOW).outcome())
                .isEqualTo(Outcome.MISMATCH);
        assertThat(claim(project, "order-1", "{\"a\":1}", UUID.randomUUID(), NOW.plus(LEASE).minusMillis(1))
                .outcome()).isEqualTo(Outcome.RUNNING);
        assertThat(claim(UUID.randomUUID(), "order-1", "{\"a\":2}", UUID.randomUUID(), NOW).outcome())
                .as("another project's key").isEqualTo(Outcome.CLAIMED);
    }

    @Test
    default void aReleasedKeyIsFreeAndOnlyItsHolderReleasesIt() {
        UUID project = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        claim(project, "order-1", "{}", first, NOW);

        keys().release(project, "order-1", UUID.randomUUID());
        assertThat(claim(project, "order-1", "{}", UUID.randomUUID(), NOW).outcome()).isEqualTo(Outcome.RUNNING);
        keys().release(project, "order-1", first);

        assertThat(claim(project, "order-1", "{\"other\":1}", UUID.randomUUID(), NOW).outcome())
                .isEqualTo(Outcome.CLAIMED);
    }

    @Test
    default void aRunningKeyPastItsLeaseIsTakenOverAndItsFirstHolderCanNoLongerEndIt() {
        UUID project = UUID.randomUUID();
        UUID crashed = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        claim(project, "order-1", "{}", crashed, NOW);

        assertThat(claim(project, "order-1", "{}", second, NOW.plus(LEASE)).outcome()).isEqualTo(Outcome.CLAIMED);
        keys().complete(project, "order-1", crashed, response(crashed, new byte[] {1}), NOW.plus(RETENTION));
        keys().release(project, "order-1", crashed);

        assertThat(claim(project, "order-1", "{}", UUID.randomUUID(), NOW.plus(LEASE)).outcome())
                .isEqualTo(Outcome.RUNNING);
        keys().complete(project, "order-1", second, response(second, new byte[] {2}), NOW.plus(RETENTION));
        assertThat(claim(project, "order-1", "{}", UUID.randomUUID(), NOW.plus(LEASE)).response().requestId())
                .isEqualTo(second);
    }

    @Test
    default void anExpiredKeyIsANewKey() {
        UUID project = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        claim(project, "order-1", "{}", first, NOW);
        keys().complete(project, "order-1", first, response(first, new byte[0]), NOW.plus(RETENTION));

        assertThat(claim(project, "order-1", "{}", UUID.randomUUID(), NOW.plus(RETENTION).minusMillis(1)).outcome())
                .isEqualTo(Outcome.COMPLETED);
        assertThat(claim(project, "order-1", "{\"new\":1}", UUID.randomUUID(), NOW.plus(RETENTION)).outcome())
                .isEqualTo(Outcome.CLAIMED);
    }

    @Test
    default void aResponseTooLargeToKeepIsKeptAsServed() {
        UUID project = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        claim(project, "order-big", "{}", first, NOW);
        keys().complete(project, "order-big", first, new StoredResponse(first, 200, Map.of(), null), NOW.plus(RETENTION));

        IdempotencyClaim repeat = claim(project, "order-big", "{}", UUID.randomUUID(), NOW);
        assertThat(repeat.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(repeat.response().bodyKept()).isFalse();
        assertThat(repeat.response().requestId()).isEqualTo(first);
    }

    @Test
    default void ofConcurrentFirstAttemptsExactlyOneWins() throws Exception {
        UUID project = UUID.randomUUID();
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        return claim(project, key, "{}", UUID.randomUUID(), NOW).outcome();
                    }));
                }
                start.countDown();
                List<Outcome> seen = new ArrayList<>();
                for (Future<Outcome> outcome : outcomes) {
                    seen.add(outcome.get(30, TimeUnit.SECONDS));
                }
                assertThat(seen).as("round " + round).containsOnlyOnce(Outcome.CLAIMED)
                        .filteredOn(outcome -> outcome != Outcome.CLAIMED).containsOnly(Outcome.RUNNING);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void expiredKeysArePrunedInBoundedBatchesAndLiveOnesStay() throws SQLException {
        UUID project = UUID.randomUUID();
        Instant longAgo = NOW.minus(Duration.ofDays(400));
        for (int i = 0; i < 5; i++) {
            claim(project, "old-" + i, "{}", UUID.randomUUID(), longAgo.plusSeconds(i));
        }
        claim(project, "live", "{}", UUID.randomUUID(), NOW);
        JdbcIdempotencyStore keys = keys();
        Instant pruneAt = longAgo.plus(RETENTION).plusSeconds(10);

        assertThat(keys.pruneExpired(pruneAt, 2)).isEqualTo(2);
        assertThat(keysOf(project)).hasSize(4);
        assertThat(ExpiredKeyPruning.manual(keys, () -> pruneAt).run()).isGreaterThanOrEqualTo(3);

        assertThat(keysOf(project)).containsExactly("live");
    }

    private List<String> keysOf(UUID project) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT idem_key FROM sm_idempotency_key WHERE project_id = ? ORDER BY idem_key")) {
            statement.setObject(1, project);
            List<String> found = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    found.add(row.getString(1));
                }
            }
            return found;
        }
    }
}
