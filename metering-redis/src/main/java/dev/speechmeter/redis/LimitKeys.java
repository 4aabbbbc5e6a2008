package dev.speechmeter.redis;

import dev.speechmeter.spi.Level;
import java.util.UUID;

/**
 * Names of the Redis keys: {@code sm:rate:<o|p>:<id>:<cap>} for a bucket,
 * {@code sm:pool:<pool>:<o|p>:<id>} for a pool's leases, and
 * {@code sm:hist:<pool>:<project>:<seconds>:<period start>} for a period of a project's concurrency
 * history. A script touches an organization's key and a project's, and names the history's periods
 * itself from Redis's clock, so all keys must live on one Redis primary (not spread over a Redis
 * Cluster).
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

    /** What the name of every period of a project's concurrency history of {@code pool} starts with. */
    static String history(UUID project, String pool) {
        return "sm:hist:" + pool + ":" + project + ":";
    }

    /** The period of {@code seconds} starting {@code start} seconds after the epoch, in a history named by {@code history}. */
    static String historyPeriod(String history, int seconds, long start) {
        return history + seconds + ":" + start;
    }

    private static char letter(Level level) {
        return level == Level.ORGANIZATION ? 'o' : 'p';
    }
}
