package dev.speechmeter.redis;

import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitDecision;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.PoolUse;
import dev.speechmeter.spi.RateDecision;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.RateStanding;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLease;
import dev.speechmeter.spi.SlotLimit;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Limits shared by every server that points at the same Redis: each decision is one Lua script,
 * run atomically by Redis, for both levels at once, on Redis's own clock. An admission to an
 * endpoint with a pool takes its request token and its slot in one script too.
 *
 * <p>Request rates are buckets of {@code n} tokens refilled greedily at {@code n} a minute, kept as
 * the one time at which each bucket is full again. Pool slots are leases in a sorted set per pool
 * and owner, scored by when they expire; this server renews its leases every third of a lease, and
 * a script drops expired leases before it counts, so the slots of a server that died come back.
 * A renewal adds again the leases of requests still running that Redis lost (a restart without
 * persistence, a failover, an outage longer than a lease), so they count against the limits again.
 * A slot this server took on its own while Redis could not be reached is renewed as a lease too, so
 * the first renewal that reaches Redis adds it the same way, for as long as its request runs.
 *
 * <p>The same scripts keep the fleet's {@linkplain #concurrencyHistory() concurrency history}: the
 * project's slots right after each admission and release, added in the same call to the hashes of
 * its minute, hour and day, so that a peak is the fleet's, not one server's. Writing it never fails
 * the slot it is written for; reading it while Redis is away fails.
 *
 * <p>While Redis cannot be reached (no connection, or no answer within the command timeout) the
 * {@link FailurePolicy} applies: {@code LOCAL} decides on this server's {@link LimitStore#local local store}
 * (logged once per outage, counted by {@link #fallbacks()}), {@code REFUSE} throws
 * {@link LimitStoreUnavailableException}, which the filter answers with {@code 503}.
 *
 * <pre>{@code
 * ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
 * LimitStore store = RedisLimitStore.create(RedisSettings.of("redis://redis:6379"), renewals,
 *         LimitStore.local(InstantSource.system(), 1_000_000));
 * MeteringRuntime runtime = MeteringRuntime.builder(config).keys(directory).ledger(ledger).limits(store).build();
 * }</pre>
 */
public final class RedisLimitStore implements LimitStore {

    private static final System.Logger LOG = System.getLogger(RedisLimitStore.class.getName());

    private final RedisSettings settings;
    private final RedisLink link;
    private final InstantSource clock;
    private final LimitStore local;
    private final LeaseRenewal renewal;
    private final String leasePrefix = UUID.randomUUID() + "-";
    private final AtomicLong nextLease = new AtomicLong();
    private final String leaseMicros;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    /** The lease in Redis of each slot taken on this server alone, by the id of its local lease. */
    private final Map<String, SlotLease> takenAlone = new ConcurrentHashMap<>();
    private final LongAdder fallbacks = new LongAdder();
    /** The fleet's concurrency history; null when each server keeps its own. */
    private final FleetHistory history;

    private RedisLimitStore(RedisSettings settings, InstantSource clock, ScheduledExecutorService renewals,
                            LimitStore local, Consumer<List<SlotLease>> beforeRenewal) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.local = Objects.requireNonNull(local, "local");
        this.link = new RedisLink(settings);
        this.leaseMicros = Long.toString(settings.lease().toNanos() / 1_000);
        this.history = settings.fleetHistory() ? new FleetHistory(link, settings, this::time, this::redisNow) : null;
        this.renewal = new LeaseRenewal(renewals, settings.lease().toMillis(), batch -> {
            beforeRenewal.accept(batch);
            return renew(batch);
        }, this::release);
    }

    /**
     * A store on Redis's clock.
     *
     * @param renewals runs the renewal of this server's leases
     * @param local    decides while Redis cannot be reached, under {@link FailurePolicy#LOCAL}
     */
    public static RedisLimitStore create(RedisSettings settings, ScheduledExecutorService renewals,
                                         LimitStore local) {
        return new RedisLimitStore(settings, null, renewals, local, batch -> { });
    }

    /** A store whose buckets and leases go by {@code clock} instead of Redis's: for tests on a fake clock. */
    public static RedisLimitStore onClock(RedisSettings settings, InstantSource clock,
                                          ScheduledExecutorService renewals, LimitStore local) {
        return onClock(settings, clock, renewals, local, batch -> { });
    }

    /**
     * A store on {@code clock} that runs {@code beforeRenewal} with each batch of leases its renewal
     * took, before renewing it in Redis: for tests of what happens in between.
     */
    static RedisLimitStore onClock(RedisSettings settings, InstantSource clock, ScheduledExecutorService renewals,
                                   LimitStore local, Consumer<List<SlotLease>> beforeRenewal) {
        return new RedisLimitStore(settings, Objects.requireNonNull(clock, "clock"), renewals, local,
                Objects.requireNonNull(beforeRenewal, "beforeRenewal"));
    }

    @Override
    public RateDecision takeRequest(RateLimit organization, RateLimit project) {
        return decide(() -> {
            List<Long> answer = link.run(Script.TAKE_REQUEST, ScriptOutputType.MULTI,
                    rateKeys(organization, project), time(), perMinute(organization), perMinute(project));
            return rateDecision(answer);
        }, () -> local.takeRequest(organization, project));
    }

    @Override
    public void giveBackRequest(RateLimit organization, RateLimit project) {
        bestEffort(() -> link.run(Script.GIVE_BACK, ScriptOutputType.INTEGER,
                rateKeys(organization, project), time(), perMinute(organization), perMinute(project)),
                () -> local.giveBackRequest(organization, project));
    }

    @Override
    public RateStanding rateStanding(Level level, RateLimit limit) {
        return readOrLocal(() -> {
            String key = LimitKeys.rate(level, limit.owner(), limit.perMinute());
            List<Long> answer = link.run(Script.RATE_STANDING, ScriptOutputType.MULTI, new String[] {key}, time(),
                    Integer.toString(limit.perMinute()));
            return standing(answer.get(0), answer.get(1));
        }, () -> local.rateStanding(level, limit));
    }

    /** A slot at both levels, its admission recorded in the fleet's history with it. */
    @Override
    public SlotDecision acquireSlot(String pool, SlotLimit organization, SlotLimit project) {
        return acquireSlot(pool, organization, project, false);
    }

    /** {@code provisional}: a capacity may still refuse the request, so its admission is recorded later. */
    private SlotDecision acquireSlot(String pool, SlotLimit organization, SlotLimit project, boolean provisional) {
        return decide(() -> {
            SlotLease lease = newLease(pool, organization, project);
            List<Long> answer = link.run(Script.ACQUIRE_SLOT, ScriptOutputType.MULTI, poolKeys(lease), time(),
                    leaseMicros, max(organization), max(project), lease.id(), historyOnAdmission(lease, provisional));
            return slotDecision(answer, 0, lease, provisional);
        }, () -> renewedOnceRedisAnswers(local.acquireSlot(pool, organization, project)));
    }

    /**
     * One script for a request token and a slot at both levels, the admission recorded in the
     * fleet's history with them. Without a pool it is {@link #takeRequest}, without a rate cap
     * {@link #acquireSlot}.
     */
    @Override
    public LimitDecision admit(RateLimit organizationRate, RateLimit projectRate,
                               String pool, SlotLimit organizationSlot, SlotLimit projectSlot) {
        return admit(organizationRate, projectRate, pool, organizationSlot, projectSlot, false);
    }

    /** As {@link #admit}, the admission recorded in the fleet's history only once it is confirmed. */
    @Override
    public LimitDecision admitProvisionally(RateLimit organizationRate, RateLimit projectRate,
                                            String pool, SlotLimit organizationSlot, SlotLimit projectSlot) {
        return admit(organizationRate, projectRate, pool, organizationSlot, projectSlot, true);
    }

    private LimitDecision admit(RateLimit organizationRate, RateLimit projectRate, String pool,
                                SlotLimit organizationSlot, SlotLimit projectSlot, boolean provisional) {
        boolean rated = organizationRate != null || projectRate != null;
        if (pool == null) {
            return new LimitDecision(rated ? takeRequest(organizationRate, projectRate) : null, null);
        }
        if (!rated) {
            return new LimitDecision(null, acquireSlot(pool, organizationSlot, projectSlot, provisional));
        }
        return decide(() -> {
            SlotLease lease = newLease(pool, organizationSlot, projectSlot);
            String[] poolKeys = poolKeys(lease);
            String[] rateKeys = rateKeys(organizationRate, projectRate);
            List<Long> answer = link.run(Script.ADMIT, ScriptOutputType.MULTI,
                    new String[] {rateKeys[0], rateKeys[1], poolKeys[0], poolKeys[1]}, time(),
                    perMinute(organizationRate), perMinute(projectRate), leaseMicros, max(organizationSlot),
                    max(projectSlot), lease.id(), historyOnAdmission(lease, provisional));
            RateDecision rate = rateDecision(answer);
            return new LimitDecision(rate, rate.taken() ? slotDecision(answer, 6, lease, provisional) : null);
        }, () -> {
            LimitDecision decision = local.admit(organizationRate, projectRate, pool, organizationSlot, projectSlot);
            renewedOnceRedisAnswers(decision.slot());
            return decision;
        });
    }

    @Override
    public void releaseSlot(SlotLease lease) {
        SlotLease inRedis = lease;
        if (!lease.id().startsWith(leasePrefix)) {
            local.releaseSlot(lease);
            inRedis = takenAlone.remove(lease.id());
            if (inRedis == null) {
                return;
            }
        }
        if (renewal.drop(inRedis)) {
            SlotLease released = inRedis;
            String recordedTo = history == null ? "" : history.onRelease(released);
            bestEffort(() -> link.run(Script.RELEASE_SLOT, ScriptOutputType.INTEGER, poolKeys(List.of(released)),
                    leaseArgs(List.of(released), time(), recordedTo)), () -> { });
        }
    }

    /**
     * A slot taken on this server alone is also held as a lease of this store, renewed with the
     * others: the first renewal that reaches Redis adds it, as it adds the leases Redis lost, so
     * that the fleet counts it for as long as its request runs. Releasing the local lease releases
     * this one too.
     */
    private SlotDecision renewedOnceRedisAnswers(SlotDecision decision) {
        if (decision != null && decision.acquired()) {
            SlotLease taken = decision.lease();
            SlotLease inRedis = new SlotLease(leasePrefix + nextLease.incrementAndGet(), taken.pool(),
                    taken.organization(), taken.project());
            takenAlone.put(taken.id(), inRedis);
            renewal.hold(inRedis);
        }
        return decision;
    }

    /** Slots in use on every server that shares this Redis. */
    @Override
    public int slotsInUse(Level level, UUID owner, String pool) {
        String key = LimitKeys.pool(level, owner, pool);
        return readOrLocal(() -> link.<Long>run(Script.SLOTS_IN_USE, ScriptOutputType.INTEGER, new String[] {key},
                time()).intValue(), () -> local.slotsInUse(level, owner, pool));
    }

    /** Slots in use of every pool at both levels, on every server that shares this Redis: one script. */
    @Override
    public List<PoolUse> poolUse(UUID organization, UUID project, List<String> pools) {
        String[] keys = new String[pools.size() * 2];
        for (int i = 0; i < pools.size(); i++) {
            keys[2 * i] = LimitKeys.pool(Level.ORGANIZATION, organization, pools.get(i));
            keys[2 * i + 1] = LimitKeys.pool(Level.PROJECT, project, pools.get(i));
        }
        return readOrLocal(() -> {
            List<Long> counts = link.run(Script.POOL_USE, ScriptOutputType.MULTI, keys, time());
            List<PoolUse> uses = new ArrayList<>(pools.size());
            for (int i = 0; i < pools.size(); i++) {
                uses.add(new PoolUse(pools.get(i), counts.get(2 * i).intValue(), counts.get(2 * i + 1).intValue()));
            }
            return uses;
        }, () -> local.poolUse(organization, project, pools));
    }

    /** The fleet's concurrency history in Redis; null when each server keeps its own ({@link RedisSettings#fleetHistory()}). */
    @Override
    public ConcurrencyHistoryStore concurrencyHistory() {
        return history;
    }

    /**
     * The URI without its password, what is done while Redis cannot be reached, and whose
     * concurrency history the servers answer with.
     */
    @Override
    public String description() {
        return "Redis at " + settings.safeUri() + " (when unreachable: " + settings.onFailure().propertyValue()
                + "; concurrency history: " + (history != null ? "fleet" : "server") + ")";
    }

    @Override
    public Instant now() {
        return readOrLocal(() -> {
            long micros = clock != null ? micros(clock.instant()) : link.serverMicros();
            return Instant.EPOCH.plusNanos(micros * 1_000);
        }, local::now);
    }

    /** Whether the last command reached Redis. */
    public boolean redisReachable() {
        return reachable.get();
    }

    /**
     * Asks Redis for an answer now, waiting at most the command timeout; what it finds is what
     * {@link #redisReachable()} says from then on (an answer after an outage restores this
     * server's leases at once, as a decision's would).
     *
     * @return whether Redis answered
     */
    public boolean ping() {
        return readOrLocal(() -> {
            link.ping();
            return true;
        }, () -> false);
    }

    /** How this store reaches Redis. */
    RedisSettings settings() {
        return settings;
    }

    /** Decisions taken on this server alone because Redis could not be reached, since start. */
    public long fallbacks() {
        return fallbacks.sum();
    }

    /** Leases this server holds and renews. */
    public int heldLeases() {
        return renewal.size();
    }

    /**
     * Leases of requests still running that Redis had lost (a restart, a failover, an outage
     * longer than a lease) or never had (slots taken on this server alone while Redis could not be
     * reached), and that a renewal added, since start.
     */
    public long restoredLeases() {
        return renewal.restored();
    }

    /**
     * Tells {@code nanos} how long each command that Redis answered took (its round trip), from now
     * on; {@code RedisMeters} makes a timer of them.
     */
    public void timeRoundTrips(LongConsumer nanos) {
        link.timeRoundTrips(Objects.requireNonNull(nanos, "nanos"));
    }

    /** Stops renewing and disconnects; leases still held expire in Redis. */
    @Override
    public void close() {
        renewal.close();
        link.close();
    }

    /** Renews {@code leases} in Redis, adding again those it lost; answers the ids of those. */
    private List<String> renew(List<SlotLease> leases) {
        return link.run(Script.RENEW_LEASES, ScriptOutputType.MULTI, poolKeys(leases), leaseArgs(leases, time(),
                leaseMicros));
    }

    /** Gives back leases in Redis, recording nothing in the history: those a renewal put back meanwhile. */
    private void release(List<SlotLease> leases) {
        link.run(Script.RELEASE_SLOT, ScriptOutputType.INTEGER, poolKeys(leases), leaseArgs(leases, time(), ""));
    }

    /** A decision from Redis, or under the failure policy from this server alone or a refusal. */
    private <T> T decide(Supplier<T> redis, Supplier<T> fallback) {
        try {
            return answered(redis.get());
        } catch (RedisException e) {
            unreachable(e);
            if (settings.onFailure() == FailurePolicy.REFUSE) {
                throw new LimitStoreUnavailableException("Redis at " + settings.safeUri() + " cannot be reached", e);
            }
            fallbacks.increment();
            return fallback.get();
        }
    }

    /** A figure for a report or a header: from this server alone while Redis is away, whatever the policy. */
    private <T> T readOrLocal(Supplier<T> redis, Supplier<T> fallback) {
        try {
            return answered(redis.get());
        } catch (RedisException e) {
            unreachable(e);
            return fallback.get();
        }
    }

    /** Giving back: what Redis misses now, its expiry gives back later. */
    private void bestEffort(Runnable redis, Runnable fallback) {
        try {
            redis.run();
            answered(null);
        } catch (RedisException e) {
            unreachable(e);
            fallback.run();
        }
    }

    /**
     * An answer from Redis. The first after an outage also renews this server's leases at once,
     * adding those Redis lost or never had, so the fleet counts them from now on.
     */
    private <T> T answered(T answer) {
        if (reachable.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "Redis at " + settings.safeUri() + " answers again: limits are "
                    + "shared by the fleet again");
            renewal.renewNow();
        }
        return answer;
    }

    private void unreachable(RedisException e) {
        if (reachable.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.WARNING, "Redis at " + settings.safeUri() + " cannot be reached ("
                    + e.getMessage() + "); " + (settings.onFailure() == FailurePolicy.LOCAL
                    ? "each server enforces the limits on its own until it is back"
                    : "requests are refused with 503 until it is back"));
        }
    }

    private String time() {
        return clock == null ? "" : Long.toString(micros(clock.instant()));
    }

    /** The store's time, from Redis unless the store runs on a clock of its own; fails while Redis is away. */
    private Instant redisNow() {
        return clock != null ? clock.instant() : Instant.EPOCH.plusNanos(link.serverMicros() * 1_000);
    }

    /** Where the admission script records the admission of {@code lease}: nowhere when it is provisional. */
    private String historyOnAdmission(SlotLease lease, boolean provisional) {
        return history == null || provisional ? "" : history.onAdmission(lease);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private SlotLease newLease(String pool, SlotLimit organization, SlotLimit project) {
        return new SlotLease(leasePrefix + nextLease.incrementAndGet(), pool, organization.owner(), project.owner());
    }

    /** The rate part of a script's answer: refused by, wait, then each level's tokens left and time until full. */
    private static RateDecision rateDecision(List<Long> answer) {
        RateStanding organization = standing(answer.get(2), answer.get(3));
        RateStanding project = standing(answer.get(4), answer.get(5));
        int refused = answer.get(0).intValue();
        return refused == 0 ? RateDecision.granted(organization, project)
                : RateDecision.refused(level(refused), answer.get(1) * 1_000, organization, project);
    }

    /**
     * The slot part of a script's answer from {@code at}: refused by, then each level's slots in
     * use. An acquired lease is renewed from now on; a provisional one waits for its admission to
     * be confirmed before the history counts it.
     */
    private SlotDecision slotDecision(List<Long> answer, int at, SlotLease lease, boolean provisional) {
        int refused = answer.get(at).intValue();
        int organization = answer.get(at + 1).intValue();
        int project = answer.get(at + 2).intValue();
        if (refused != 0) {
            return new SlotDecision(level(refused), null, organization, project);
        }
        renewal.hold(lease);
        if (provisional && history != null) {
            history.pending(lease);
        }
        return new SlotDecision(null, lease, organization, project);
    }

    /** An uncapped level has no bucket; its key is named but never read. */
    private static String[] rateKeys(RateLimit organization, RateLimit project) {
        return new String[] {
            organization == null ? "sm:rate:none" : LimitKeys.rate(Level.ORGANIZATION, organization.owner(),
                    organization.perMinute()),
            project == null ? "sm:rate:none" : LimitKeys.rate(Level.PROJECT, project.owner(), project.perMinute())};
    }

    private static String[] poolKeys(SlotLease lease) {
        return new String[] {LimitKeys.pool(Level.ORGANIZATION, lease.organization(), lease.pool()),
            LimitKeys.pool(Level.PROJECT, lease.project(), lease.pool())};
    }

    /** The pools of {@code leases}, a pair for each: the organization's, then the project's. */
    private static String[] poolKeys(List<SlotLease> leases) {
        String[] keys = new String[leases.size() * 2];
        for (int i = 0; i < leases.size(); i++) {
            String[] pair = poolKeys(leases.get(i));
            keys[2 * i] = pair[0];
            keys[2 * i + 1] = pair[1];
        }
        return keys;
    }

    /** {@code first}, then the id of each lease. */
    private static String[] leaseArgs(List<SlotLease> leases, String... first) {
        String[] args = new String[first.length + leases.size()];
        System.arraycopy(first, 0, args, 0, first.length);
        for (int i = 0; i < leases.size(); i++) {
            args[first.length + i] = leases.get(i).id();
        }
        return args;
    }

    private static String perMinute(RateLimit limit) {
        return limit == null ? "0" : Integer.toString(limit.perMinute());
    }

    private static String max(SlotLimit limit) {
        return limit.max() == null ? "-1" : limit.max().toString();
    }

    private static RateStanding standing(long available, long microsUntilFull) {
        return available < 0 ? null : new RateStanding(available, microsUntilFull * 1_000);
    }

    private static Level level(int refusedBy) {
        return refusedBy == 1 ? Level.ORGANIZATION : Level.PROJECT;
    }
}
