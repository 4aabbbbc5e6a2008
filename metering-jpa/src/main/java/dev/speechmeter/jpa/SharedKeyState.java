package dev.speechmeter.jpa;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What every server on one database must agree on about temporary keys: which single-use keys
 * have been used ({@code sm_temporary_key_use}) and the secret they are signed with
 * ({@code sm_secret}). Both rest on the primary key: of two servers inserting the same row, one
 * wins and the other learns that it lost.
 */
final class SharedKeyState {

    static final String SIGNING_SECRET = "temporary-keys.signing";
    private static final int SECRET_BYTES = 32;

    private final DataSource dataSource;

    SharedKeyState(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** True for the first claim of this key id on any server, false for every later one. */
    boolean claimOnce(UUID keyId, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sm_temporary_key_use (key_id, expires_at) VALUES (?, ?)")) {
            insert.setObject(1, keyId);
            insert.setObject(2, SqlDialect.of(connection).timestamp(expiresAt));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isDuplicate(e)) {
                return false;
            }
            throw new IllegalStateException("Could not record the use of a single-use key: " + e.getMessage(), e);
        }
    }

    /** Forgets the uses of keys that expired before {@code now}; they are refused for their expiry anyway. */
    int forgetExpired(Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM sm_temporary_key_use WHERE expires_at < ?")) {
            delete.setObject(1, SqlDialect.of(connection).timestamp(now));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not forget expired single-use keys: " + e.getMessage(), e);
        }
    }

    /** The signing secret of temporary keys; the first server to ask makes it. */
    byte[] signingSecret() {
        return read(SIGNING_SECRET).orElseGet(() -> {
            byte[] secret = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            insertUnlessPresent(SIGNING_SECRET, Base64.getEncoder().encodeToString(secret));
            // Another server may have made one first: everyone uses what is stored.
            return read(SIGNING_SECRET).orElseThrow(() -> new IllegalStateException("The signing secret was not kept"));
        });
    }

    private Optional<byte[]> read(String name) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT secret_value FROM sm_secret WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Base64.getDecoder().decode(row.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a shared secret: " + e.getMessage(), e);
        }
    }

    private void insertUnlessPresent(String name, String value) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sm_secret (name, secret_value) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, value);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!isDuplicate(e)) {
                throw new IllegalStateException("Could not store a shared secret: " + e.getMessage(), e);
            }
        }
    }

    /** A unique or primary key violation, which every database reports with SQL state class 23. */
    private static boolean isDuplicate(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
