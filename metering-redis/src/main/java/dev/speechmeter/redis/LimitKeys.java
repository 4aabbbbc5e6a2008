package dev.speechmeter.redis;

import dev.speechmeter.spi.Level;
import java.util.UUID;

/**
 * Names of the Redis keys: {@code sm:rate:<o|p>:<id>:<cap>} for a bucket and
 * {@code sm:pool:<pool>:<o|p>:<id>} for a pool's leases. A script touches an organization's key and
 * a project's, so all keys must live on one Redis primary (not spread over a Redis Cluster).
 */
final class LimitKeys {

    private LimitKeys() {
    }

    /** A bucket of one cap: a changed cap starts a fresh bucket, as on a single server. */
    static String rate(Level level, UUID owner, int perMinute) {
        return "sm:rate:" + letter(level) + ":" + owner + ":" + perMinute;
    }

    static String pool(Level level, UUID owner, String pool) {
        return "sm:pool:" + pool + ":" + letter(level) + ":" + owner;
    }

    private static char letter(Level level) {
        return level == Level.ORGANIZATION ? 'o' : 'p';
    }
}
