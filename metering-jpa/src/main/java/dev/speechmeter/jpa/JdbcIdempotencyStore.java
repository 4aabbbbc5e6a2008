package dev.speechmeter.jpa;

import dev.speechmeter.spi.IdempotencyClaim;
import dev.speechmeter.spi.IdempotencyStore;
import dev.speechmeter.spi.StoredResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Idempotency keys in {@code sm_idempotency_key}, shared by every server on the database. A key is
 * claimed by inserting its row: the primary key lets exactly one of two concurrent first attempts
 * in. A row that expired, or that was left running past its lease, is taken over by an update that
 * names the request that held it, so that of two takeovers too only one wins. Each statement runs
 * on its own, outside any transaction of the caller's.
 *
 * <pre>{@code
 * JdbcIdempotencyStore keys = new JdbcIdempotencyStore(dataSource);
 * int forgotten = keys.pruneExpired(clock.instant(), 1_000);
 * }</pre>
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

    static final String TABLE = "sm_idempotency_key";
    /** The most characters of kept headers; a response with more is kept as served, not repeatable. */
    static final int MAX_HEADER_CHARS = 4000;
    /** How often a claim may find its row gone or taken between two statements before it gives up. */
    private static final int MAX_TRIES = 5;

    private final DataSource dataSource;
    private final KnownDialect dialects = new KnownDialect();

    public JdbcIdempotencyStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    private record Row(byte[] fingerprint, UUID requestId, Instant startedAt, Instant expiresAt, Integer status,
                       String headers, boolean bodyKept, byte[] body) {

        boolean running() {
            return status == null;
        }
    }

    @Override
    public IdempotencyClaim claim(UUID projectId, String key, byte[] fingerprint, UUID requestId, Instant now,
                                  Duration lease, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection()) {
            SqlDialect dialect = dialects.of(connection);
            for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
                if (insert(connection, dialect, projectId, key, fingerprint, requestId, now, expiresAt)) {
                    return IdempotencyClaim.CLAIMED;
                }
                Row row = read(connection, dialect, projectId, key);
                if (row == null) {
                    continue;   // released or pruned in between: insert again
                }
                boolean free = !row.expiresAt().isAfter(now)
                        || (row.running() && !row.startedAt().plus(lease).isAfter(now));
                if (free) {
                    if (takeOver(connection, dialect, projectId, key, row.requestId(), fingerprint, requestId, now,
                            expiresAt)) {
                        return IdempotencyClaim.CLAIMED;
                    }
                    continue;
                }
                if (!Arrays.equals(row.fingerprint(), fingerprint)) {
                    return IdempotencyClaim.MISMATCH;
                }
                if (row.running()) {
                    return IdempotencyClaim.RUNNING;
                }
                return IdempotencyClaim.completed(new StoredResponse(row.requestId(), row.status(),
                        StoredResponse.parseHeaderLines(row.headers()), row.bodyKept() ? row.body() : null));
            }
            // Contended beyond reason: a request that is not sure to be the first is not served.
            return IdempotencyClaim.RUNNING;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim an idempotency key: " + e.getMessage(), e);
        }
    }

    private static boolean insert(Connection connection, SqlDialect dialect, UUID projectId, String key,
                                  byte[] fingerprint, UUID requestId, Instant now, Instant expiresAt)
            throws SQLException {
        String sql = "INSERT INTO " + TABLE + " (project_id, idem_key, fingerprint, request_id, started_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, projectId);
            statement.setString(2, key);
            statement.setBytes(3, fingerprint);
            statement.setObject(4, requestId);
            statement.setObject(5, dialect.timestamp(now));
            statement.setObject(6, dialect.timestamp(expiresAt));
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (SqlDialect.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static Row read(Connection connection, SqlDialect dialect, UUID projectId, String key)
            throws SQLException {
        String sql = "SELECT fingerprint, request_id, started_at, expires_at, status, headers, body_kept, body FROM "
                + TABLE + " WHERE project_id = ? AND idem_key = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, projectId);
            statement.setString(2, key);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                int status = row.getInt("status");
                Integer completed = row.wasNull() ? null : status;
                return new Row(row.getBytes("fingerprint"), row.getObject("request_id", UUID.class),
                        dialect.instant(row, "started_at"), dialect.instant(row, "expires_at"), completed,
                        row.getString("headers"), row.getBoolean("body_kept"), row.getBytes("body"));
            }
        }
    }

    private static boolean takeOver(Connection connection, SqlDialect dialect, UUID projectId, String key,
                                    UUID heldBy, byte[] fingerprint, UUID requestId, Instant now, Instant expiresAt)
            throws SQLException {
        String sql = "UPDATE " + TABLE + " SET fingerprint = ?, request_id = ?, started_at = ?, expires_at = ?,"
                + " status = NULL, headers = NULL, body_kept = NULL, body = NULL"
                + " WHERE project_id = ? AND idem_key = ? AND request_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, fingerprint);
            statement.setObject(2, requestId);
            statement.setObject(3, dialect.timestamp(now));
            statement.setObject(4, dialect.timestamp(expiresAt));
            statement.setObject(5, projectId);
            statement.setString(6, key);
            statement.setObject(7, heldBy);
            return statement.executeUpdate() == 1;
        }
    }

    @Override
    public void complete(UUID projectId, String key, UUID requestId, StoredResponse response, Instant expiresAt) {
        String headers = response.headerLines();
        boolean kept = response.bodyKept() && headers.length() <= MAX_HEADER_CHARS;
        String sql = "UPDATE " + TABLE + " SET status = ?, headers = ?, body_kept = ?, body = ?, expires_at = ?"
                + " WHERE project_id = ? AND idem_key = ? AND request_id = ? AND status IS NULL";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, response.status());
            statement.setString(2, kept ? headers : null);
            statement.setBoolean(3, kept);
            statement.setBytes(4, kept ? response.body() : null);
            statement.setObject(5, dialects.of(connection).timestamp(expiresAt));
            statement.setObject(6, projectId);
            statement.setString(7, key);
            statement.setObject(8, requestId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not keep the response of an idempotency key: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(UUID projectId, String key, UUID requestId) {
        String sql = "DELETE FROM " + TABLE + " WHERE project_id = ? AND idem_key = ? AND request_id = ?"
                + " AND status IS NULL";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, projectId);
            statement.setString(2, key);
            statement.setObject(3, requestId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not release an idempotency key: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes at most {@code batch} keys that expired by {@code now}, oldest first, and says how
     * many it deleted: fewer than {@code batch} when no more are due.
     */
    public int pruneExpired(Instant now, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be > 0: " + batch);
        }
        String select = "SELECT project_id, idem_key FROM " + TABLE + " WHERE expires_at <= ? ORDER BY expires_at"
                + " FETCH FIRST " + batch + " ROWS ONLY";
        String delete = "DELETE FROM " + TABLE + " WHERE project_id = ? AND idem_key = ? AND expires_at <= ?";
        try (Connection connection = dataSource.getConnection()) {
            SqlDialect dialect = dialects.of(connection);
            List<Object[]> due = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                statement.setObject(1, dialect.timestamp(now));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        due.add(new Object[] {row.getObject("project_id", UUID.class), row.getString("idem_key")});
                    }
                }
            }
            if (due.isEmpty()) {
                return 0;
            }
            int deleted = 0;
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                for (Object[] key : due) {
                    statement.setObject(1, key[0]);
                    statement.setString(2, (String) key[1]);
                    statement.setObject(3, dialect.timestamp(now));
                    statement.addBatch();
                }
                for (int count : statement.executeBatch()) {
                    deleted += Math.max(count, 0);
                }
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prune idempotency keys: " + e.getMessage(), e);
        }
    }
}
