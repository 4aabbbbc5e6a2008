package dev.speechmeter.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds who owns an API key. A backend (JPA, or the deployer's own user store) implements it;
 * the engine caches its answers for a short time, so it is not called on every request.
 *
 * <pre>{@code
 * Optional<Caller> caller = directory.findByHash(ApiKeys.hash(presentedSecret));
 * }</pre>
 *
 * Temporary keys need the three default methods as well; a directory that
 * leaves them as they are refuses every temporary key.
 */
public interface KeyDirectory {

    /**
     * @param keyHash {@link ApiKeys#hash(String)} of the presented secret
     * @return the caller, or empty when no live key has that hash (unknown, revoked or expired)
     */
    Optional<Caller> findByHash(String keyHash);

    /**
     * The caller behind a live permanent key, by the key's public id: a temporary key acts for
     * its parent key only while this finds the parent.
     *
     * @return the caller, or empty when no live key has that id
     */
    default Optional<Caller> findById(UUID apiKeyId) {
        return Optional.empty();
    }

    /**
     * Marks a single-use temporary key as used. Must be atomic across every server sharing the
     * directory: of all calls with one id, exactly one returns true.
     *
     * @param expiresAt when the key expires; the mark is not needed after that
     * @return true for the first use, false for any later one
     */
    default boolean claimOnce(UUID temporaryKeyId, Instant expiresAt) {
        return false;
    }

    /**
     * The secret temporary keys are signed with, the same for every server sharing the
     * directory ({@value dev.speechmeter.spi.KeyDirectory#MIN_SECRET_BYTES} bytes or more), so
     * that a key minted on one server is accepted on all. Empty: each server makes its own, and
     * accepts only the temporary keys it minted itself.
     */
    default Optional<byte[]> signingSecret() {
        return Optional.empty();
    }

    /** Shortest signing secret, in bytes. */
    int MIN_SECRET_BYTES = 32;
}
