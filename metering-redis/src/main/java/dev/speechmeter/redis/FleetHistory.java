package dev.speechmeter.redis;

import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.SlotLease;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The concurrency history of every server sharing one Redis, as {@link RedisLimitStore} records
 * it: each admission and release is a sample of the fleet's slots, added by the very script that
 * takes or gives back the slot (no round trip of its own) to the hashes of its minute, hour and day
 * ({@code history.lua}).
 *
 * <p>An admission that a capacity may still refuse is not recorded when its slot is taken: it is
 * recorded once {@link #admitted} confirms it, by a script sent without waiting for its answer,
 * and a slot given back before that leaves no trace.
 *
 * <p>Reading it is a script for every 500 periods of the window still kept, and one more when
 * the level carried into the window must be found: the last sample before it, looked for in the
 * minutes of its hour, then the hours of its day, then the days before. While Redis cannot be
 * reached it cannot be read: {@link LimitStoreUnavailableException}.
 *
 * <pre>{@code
 * ConcurrencyHistoryStore fleet = redisLimitStore.concurrencyHistory();
 * List<ConcurrencyHistoryStore.Entry> today = fleet.entries(projectId, "transcribe", Resolution.HOUR,
 *         Instant.parse("2026-11-22T00:00:00Z"), 24);
 * }</pre>
 */
final class FleetHistory implements ConcurrencyHistoryStore {

    private static final System.Logger LOG = System.getLogger(FleetHistory.class.getName());
    /**
     * Periods read by one script, which keeps Redis from other commands while it runs: about 3 ms
     * on a loaded machine of two cores. A week of minutes takes 21.
     */
    private static final int PERIODS_A_CALL = 500;

    private final RedisLink link;
    private final RedisSettings settings;
    private final Supplier<String> time;
    private final Supplier<Instant> now;
    /** Leases whose slot was taken for a request a capacity may still refuse, by id. */
    private final Set<String> provisional = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param time what the scripts are given as their time ({@code ''} for Redis's own)
     * @param now  the store's time, read from Redis unless the store runs on a clock of its own
     */
    FleetHistory(RedisLink link, RedisSettings settings, Supplier<String> time, Supplier<Instant> now) {
        this.link = link;
        this.settings = settings;
        this.time = time;
        this.now = now;
    }

    /** The history prefix the scripts record an admission to, taking the slot of {@code lease}. */
    String onAdmission(SlotLease lease) {
        return LimitKeys.history(lease.project(), lease.pool());
    }

    /** A slot was taken for a request a capacity may still refuse: its admission waits for {@link #admitted}. */
    void pending(SlotLease lease) {
        provisional.add(lease.id());
    }

    /**
     * The history prefix a release of {@code lease} is recorded to: {@code ''} for a slot given
     * back before its admission was confirmed, which is not in the history.
     */
    String onRelease(SlotLease lease) {
        return provisional.remove(lease.id()) ? "" : LimitKeys.history(lease.project(), lease.pool());
    }

    /** Records an admission taken provisionally; every other was recorded with its slot. */
    @Override
    public void admitted(SlotLease lease) {
        if (!provisional.remove(lease.id())) {
            return;
        }
        try {
            link.runAsync(Script.RECORD_ADMISSION, ScriptOutputType.INTEGER,
                    new String[] {LimitKeys.pool(Level.PROJECT, lease.project(), lease.pool())}, time.get(),
                    LimitKeys.history(lease.project(), lease.pool()))
                    .whenComplete((level, failure) -> recorded(lease, failure));
        } catch (RedisException e) {
            recorded(lease, e);
        }
    }

    /** Logged once until a recording succeeds again: an outage is logged by the store already. */
    private void recorded(SlotLease lease, Throwable failure) {
        if (failure == null) {
            failing.set(false);
        } else if (failing.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "The concurrency history in Redis at " + settings.safeUri()
                    + " missed an admission to pool " + lease.pool() + ": " + failure);
        }
    }

    /** Recorded by the store's release script, with the slot. */
    @Override
    public void released(SlotLease lease) {
    }

    @Override
    public List<Entry> entries(UUID project, String pool, Resolution resolution, Instant firstStart, int count) {
        try {
            return read(LimitKeys.history(project, pool), resolution, firstStart, count);
        } catch (RedisException e) {
            throw new LimitStoreUnavailableException("The concurrency history in Redis at " + settings.safeUri()
                    + " cannot be read", e);
        }
    }

    private List<Entry> read(String history, Resolution resolution, Instant firstStart, int count) {
        long second = now.get().getEpochSecond();
        int seconds = resolution.seconds();
        long first = Math.floorDiv(firstStart.getEpochSecond(), seconds);
        long current = Math.floorDiv(second, seconds);
        // Periods that ended longer ago than they are kept are idle, as they are in a server's memory.
        long kept = Math.min(Math.max(oldestKept(resolution, second), first), first + count);
        long last = Math.min(first + count - 1, current);
        Map<Long, Samples> found = samples(history, seconds, kept, last);
        int carried = kept > last || found.containsKey(kept) ? 0 : levelBefore(history, kept * seconds, second);
        List<Entry> entries = new ArrayList<>(ConcurrencyHistoryStore.window(resolution, first, (int) (kept - first),
                current, 0, index -> null));
        entries.addAll(ConcurrencyHistoryStore.window(resolution, kept, (int) (first + count - kept), current, carried,
                found::get));
        return entries;
    }

    /** The first period of {@code resolution} still kept at {@code second}. */
    private static long oldestKept(Resolution resolution, long second) {
        return Math.floorDiv(second - resolution.kept().getSeconds(), resolution.seconds());
    }

    /**
     * The samples of the periods {@code from} to {@code to} of length {@code seconds} that have
     * any, read {@value #PERIODS_A_CALL} at a time.
     */
    private Map<Long, Samples> samples(String history, int seconds, long from, long to) {
        Map<Long, Samples> found = new HashMap<>();
        for (long first = from; first <= to; first += PERIODS_A_CALL) {
            int count = (int) Math.min(PERIODS_A_CALL, to - first + 1);
            List<Long> fields = link.run(Script.HISTORY_PERIODS, ScriptOutputType.MULTI, new String[0], "0",
                    Long.toString(first * seconds), Integer.toString(seconds), history, Integer.toString(count));
            for (int i = 0; i < count; i++) {
                int at = i * 6;
                if (fields.get(at) > 0) {
                    found.put(first + i, new Samples(fields.get(at + 2).intValue(), fields.get(at + 3).intValue(),
                            fields.get(at + 5).intValue(), fields.get(at + 1), fields.get(at), fields.get(at + 4)));
                }
            }
        }
        return found;
    }

    /**
     * The level at the end of the last period with samples before {@code start}: the minutes of
     * its hour before it, else the hours of its day before that, else the days before, each read
     * latest first, as far back as periods of that length are kept; 0 when none has samples.
     */
    private int levelBefore(String history, long start, long second) {
        long hour = start - Math.floorMod(start, 3600);
        long day = start - Math.floorMod(start, 86400);
        List<String> keys = new ArrayList<>();
        addLatestFirst(keys, history, Resolution.MINUTE, hour, start, second);
        addLatestFirst(keys, history, Resolution.HOUR, day, hour, second);
        addLatestFirst(keys, history, Resolution.DAY, Long.MIN_VALUE, day, second);
        if (keys.isEmpty()) {
            return 0;
        }
        long level = link.<Long>run(Script.HISTORY_LEVEL, ScriptOutputType.INTEGER, keys.toArray(String[]::new), "0");
        return (int) Math.max(0, level);
    }

    /** The periods of {@code resolution} starting in {@code [from, to)} and still kept, latest first. */
    private static void addLatestFirst(List<String> keys, String history, Resolution resolution, long from, long to,
                                       long second) {
        int seconds = resolution.seconds();
        long oldest = Math.max(from, oldestKept(resolution, second) * seconds);
        for (long start = to - seconds; start >= oldest; start -= seconds) {
            keys.add(LimitKeys.historyPeriod(history, seconds, start));
        }
    }
}
