package dev.speechmeter.spi;

import java.util.Optional;

/**
 * Finds who owns an API key. A backend (JPA, or the deployer's own user store) implements it;
 * the engine caches its answers for a short time, so it is not called on every request.
 *
 * <pre>{@code
 * Optional<Caller> caller = directory.findByHash(ApiKeys.hash(presentedSecret));
 * }</pre>
 */
public interface KeyDirectory {

    /**
     * @param keyHash {@link ApiKeys#hash(String)} of the presented secret
     * @return the caller, or empty when no live key has that hash (unknown, revoked or expired)
     */
    Optional<Caller> findByHash(String keyHash);
}
