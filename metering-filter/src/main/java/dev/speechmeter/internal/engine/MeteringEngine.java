package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.CapacityStanding;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.ConcurrencyHistoryStore;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.LimitDecision;
import dev.speechmeter.spi.LimitStore;
import dev.speechmeter.spi.LimitStoreUnavailableException;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PoolUse;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.RateDecision;
import dev.speechmeter.spi.RateLimit;
import dev.speechmeter.spi.RateStanding;
import dev.speechmeter.spi.SlotDecision;
import dev.speechmeter.spi.SlotLimit;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageUnavailableException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Admission, release and recording for every metered request, whichever door it came through
 * (servlet filter, CDI interceptor, WebSocket). Plain Java: it knows no container.
 *
 * <p>Admission checks request rate, then the endpoint's concurrency pool, each at organization
 * level first and project level second, then the capacities of the endpoint's labels. A refusal
 * gives back everything the earlier checks took, so a refused request costs the caller nothing.
 *
 * <pre>{@code
 * MeteringEngine engine = MeteringRuntime.builder(config).keys(keyDirectory).ledger(usageLedger).build().engine();
 * Caller caller = engine.authenticate(request.getHeader("Authorization"));
 * Admission admission = engine.admit(engine.newRequestId(), null, caller,
 *         new MeteredEndpoint("transcribe_async", "transcribe", "sync"), "/v1/transcriptions");
 * }</pre>
 */
public final class MeteringEngine {

    /** A cap of zero requests a minute suspends the caller; this is the wait it is told. */
    private static final Duration SUSPENDED_RETRY = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(MeteringEngine.class.getName());
    private static final Level[] LEVELS = Level.values();

    private final MeteringConfig config;
    private final UsageLedger ledger;
    private final CapacityLedger capacities;
    private final PriceTable prices;
    private final InstantSource clock;
    private final TimeOrderedIds requestIds;
    private final Authenticator authenticator;
    private final TemporaryKeys temporaryKeys;
    private final LimitStore limitStore;
    private final Settlement settlement;
    private final ConcurrencyHistoryStore concurrencyHistory;
    private final Jobs jobs;
    private final MeteringEvents events;
    /** The configured pools' limit names and policy names, made once rather than on every request. */
    private final Map<String, PoolNames> poolNames;

    private MeteringEngine(MeteringConfig config, KeyDirectory directory, UsageLedger ledger,
                           CapacityLedger capacities, PriceTable prices, LimitStore limits, InstantSource clock,
                           MeteringEvents events) {
        this.config = Objects.requireNonNull(config, "config");
        this.events = Objects.requireNonNull(events, "events");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.capacities = Objects.requireNonNull(capacities, "capacities");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requestIds = new TimeOrderedIds(clock);
        this.temporaryKeys = new TemporaryKeys(config.temporaryKeySecret()
                .or(() -> Objects.requireNonNull(directory, "directory").signingSecret())
                .orElseGet(MeteringEngine::localSecret), clock, events);
        this.authenticator = new Authenticator(directory, temporaryKeys, clock, config.keyCacheTtl(),
                config.keyCacheSize(), config.authFailuresPerMinute(), events);
        this.limitStore = Objects.requireNonNull(limits, "limits");
        ConcurrencyHistoryStore shared = limitStore.concurrencyHistory();
        this.concurrencyHistory = shared != null ? shared
                : new ConcurrencyHistory(clock, config.concurrencyHistoryMaxPeriods());
        this.settlement = new Settlement(limitStore, ledger, prices, clock, concurrencyHistory, config.pools());
        this.jobs = new Jobs(settlement, limitStore, this::slotLimits, clock, config.concurrencyRetryAfter());
        Map<String, PoolNames> names = new HashMap<>();
        config.pools().forEach(pool -> names.put(pool, PoolNames.of(pool)));
        this.poolNames = Map.copyOf(names);
    }

    /**
     * An engine over its backends, every one required; request-rate and concurrency state lives in
     * {@code limits}. {@code MeteringRuntime.builder(config)} makes the defaults of those left out.
     */
    public static MeteringEngine create(MeteringConfig config, KeyDirectory directory, UsageLedger ledger,
                                        CapacityLedger capacities, PriceTable prices, LimitStore limits,
                                        InstantSource clock) {
        return create(config, directory, ledger, capacities, prices, limits, clock, MeteringEvents.NONE);
    }

    /**
     * As {@link #create(MeteringConfig, KeyDirectory, UsageLedger, CapacityLedger, PriceTable, LimitStore,
     * InstantSource)}, reporting what it does to {@code events}; so does {@code ledger} when it is a
     * {@link BatchingLedger}.
     */
    public static MeteringEngine create(MeteringConfig config, KeyDirectory directory, UsageLedger ledger,
                                        CapacityLedger capacities, PriceTable prices, LimitStore limits,
                                        InstantSource clock, MeteringEvents events) {
        MeteringEngine engine = new MeteringEngine(config, directory, ledger, capacities, prices, limits, clock,
                events);
        if (events != MeteringEvents.NONE) {
            events.watch(engine);
            if (ledger instanceof BatchingLedger batching) {
                batching.reportTo(events);
            }
        }
        return engine;
    }

    public MeteringConfig config() {
        return config;
    }

    /** The metered jobs of this server: requests that outlive their response. */
    public Jobs jobs() {
        return jobs;
    }

    public InstantSource clock() {
        return clock;
    }

    /** The capacities this engine enforces; {@link CapacityLedger#NONE} when it enforces none. */
    public CapacityLedger capacities() {
        return capacities;
    }

    /** A fresh, time-ordered request id. */
    public UUID newRequestId() {
        return requestIds.next();
    }

    /**
     * @param authorization the {@code Authorization} header as sent, possibly null
     * @throws AuthenticationFailure when the header carries no live key
     */
    public Caller authenticate(String authorization) throws AuthenticationFailure {
        return authenticator.authenticate(authorization, null);
    }

    /**
     * Like {@link #authenticate(String)}, for a request from {@code clientAddress}: an address that
     * failed to authenticate too often is refused with {@link AuthenticationThrottled} before any
     * look-up of a key not already cached.
     */
    public Caller authenticate(String authorization, String clientAddress) throws AuthenticationFailure {
        return authenticator.authenticate(authorization, clientAddress);
    }

    /** For keys that do not come in a header, such as a WebSocket configuration message. */
    public Caller authenticateKey(String key) throws AuthenticationFailure {
        return authenticator.authenticateKey(key, null);
    }

    /**
     * Counts one use of the caller's key, after the request was found to be allowed: refuses the
     * second use of a single-use temporary key.
     */
    public void use(Caller caller) throws AuthenticationFailure {
        authenticator.use(caller);
    }

    /** Mints and verifies the temporary keys of this deployment. */
    public TemporaryKeys temporaryKeys() {
        return temporaryKeys;
    }

    /** A signing secret of this server alone, for a directory that keeps none. */
    private static byte[] localSecret() {
        LOG.log(System.Logger.Level.INFO, "The key directory keeps no signing secret: temporary keys minted on "
                + "this server are accepted only by this server");
        byte[] secret = new byte[TemporaryKeys.MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** Drops every cached key look-up, so that revocations take effect at once on this node. */
    public void forgetCachedKeys() {
        authenticator.forgetAll();
    }

    /**
     * Decides on a request before any work starts: refused when a limit is reached, and refused
     * with {@link UsageUnavailableException} while the ledger cannot make entries durable.
     *
     * @throws LimitStoreUnavailableException when the limits or the capacities cannot be read
     */
    public Admission admit(UUID requestId, String correlationId, Caller caller, MeteredEndpoint endpoint, String path) {
        Admission admission;
        try {
            admission = decide(requestId, correlationId, caller, endpoint, path);
        } catch (UsageUnavailableException e) {
            events.unavailable(endpoint, MeteringEvents.Unavailable.USAGE);
            throw e;
        } catch (LimitStoreUnavailableException e) {
            events.unavailable(endpoint, MeteringEvents.Unavailable.LIMITS);
            throw e;
        }
        if (admission.admitted()) {
            events.admitted(endpoint);
        } else {
            events.refused(endpoint, admission.rejection());
        }
        return admission;
    }

    private Admission decide(UUID requestId, String correlationId, Caller caller, MeteredEndpoint endpoint,
                             String path) {
        if (!ledger.accepting()) {
            throw new UsageUnavailableException("The usage ledger cannot make entries durable right now");
        }
        Cap organizationCap = cap(Level.ORGANIZATION, caller, Limits.REQUESTS_PER_MINUTE);
        Cap projectCap = cap(Level.PROJECT, caller, Limits.REQUESTS_PER_MINUTE);
        RateLimit organizationRate = rate(organizationCap, caller.organizationId());
        RateLimit projectRate = rate(projectCap, caller.projectId());
        Rejection rejection = suspension(organizationCap, projectCap);
        RateDecision rateDecision = null;
        SlotDecision slot = null;
        Rejection waiting = null;
        boolean queueing = endpoint.queue().waits();
        if (rejection == null) {
            // A newcomer waits behind the jobs of its project that wait already: first in, first out.
            boolean behind = queueing && jobs.queues().hasWaiting(endpoint.pool(), caller.organizationId(),
                    caller.projectId());
            LimitDecision limits = takeLimits(caller, behind ? null : endpoint.pool(), organizationRate, projectRate,
                    capacityChecked(endpoint));
            rateDecision = limits.rate();
            slot = limits.slot();
            rejection = limitRejection(limits, endpoint.pool());
            if (behind && rejection == null) {
                waiting = new Rejection(Rejection.Limit.CONCURRENCY, Level.PROJECT, endpoint.pool(),
                        config.concurrencyRetryAfter());
            } else if (queueing && rejection != null && rejection.limit() == Rejection.Limit.CONCURRENCY) {
                // The pool refused and the store gave the request's token back; a queued submit is a
                // request all the same, so it takes one again.
                LimitDecision again = takeLimits(caller, null, organizationRate, projectRate, false);
                Rejection rate = limitRejection(again, null);
                waiting = rate == null ? rejection : null;
                rejection = rate;
                rateDecision = again.rate();
                slot = null;
            }
        }
        Instant now = clock.instant();
        if (rejection == null && capacityChecked(endpoint)) {
            try {
                rejection = capacityShortage(caller, endpoint.labels(), now);
            } catch (LimitStoreUnavailableException e) {
                settlement.release(slot == null ? null : slot.lease());
                giveBack(organizationRate, projectRate);
                throw e;
            }
            if (rejection != null) {
                settlement.release(slot == null ? null : slot.lease());
                giveBack(organizationRate, projectRate);
            }
        }
        if (rejection == null && slot != null) {
            settlement.admitted(slot.lease());
        }
        Admission admission = new Admission(settlement, requestId, correlationId, caller, endpoint, path, now,
                rejection, rejection == null ? rateDecision : null, rejection == null ? slot : null,
                rejection == null ? waiting : null);
        if (admission.waitingFor() == null) {
            return admission;
        }
        int full = jobs.queues().enqueue(admission, config.jobQueueSize());
        if (full < 0) {
            return admission;
        }
        giveBack(organizationRate, projectRate);
        return new Admission(settlement, requestId, correlationId, caller, endpoint, path, now,
                new Rejection(Rejection.Limit.CONCURRENCY, waiting.level(), endpoint.pool(), jobs.waitFor(caller,
                        endpoint.pool(), full)), null, null, null);
    }

    /** Whether a capacity is checked for requests to {@code endpoint}, after their slot is taken. */
    private boolean capacityChecked(MeteredEndpoint endpoint) {
        return endpoint.labels() != null && capacities != CapacityLedger.NONE;
    }

    /** The caps of {@code caller} on {@code pool} at both levels, organization first, as the store takes them. */
    private SlotLimit[] slotLimits(Caller caller, String pool) {
        String limitName = limitName(pool);
        return new SlotLimit[] {slotLimit(Level.ORGANIZATION, caller, limitName), slotLimit(Level.PROJECT, caller, limitName)};
    }

    private SlotLimit slotLimit(Level level, Caller caller, String limitName) {
        return new SlotLimit(ownerAt(level, caller), cap(level, caller, limitName).max());
    }

    /** A cap of zero requests a minute: the first level that has one refuses, touching no bucket. */
    private static Rejection suspension(Cap organization, Cap project) {
        if (suspends(organization)) {
            return new Rejection(Rejection.Limit.REQUEST_RATE, Level.ORGANIZATION, null, SUSPENDED_RETRY);
        }
        if (suspends(project)) {
            return new Rejection(Rejection.Limit.REQUEST_RATE, Level.PROJECT, null, SUSPENDED_RETRY);
        }
        return null;
    }

    private static boolean suspends(Cap requestsPerMinute) {
        return !requestsPerMinute.isUnlimited() && requestsPerMinute.max() == 0;
    }

    /**
     * A request token and a slot of {@code pool} (if any) from the store, in one step;
     * {@code checksFollow} when a capacity is checked after it, which may still refuse the request.
     */
    private LimitDecision takeLimits(Caller caller, String pool, RateLimit organizationRate, RateLimit projectRate,
                                     boolean checksFollow) {
        LimitDecision limits;
        if (pool == null) {
            limits = limitStore.admit(organizationRate, projectRate, null, null, null);
        } else {
            String limitName = limitName(pool);
            SlotLimit organizationSlot = slotLimit(Level.ORGANIZATION, caller, limitName);
            SlotLimit projectSlot = slotLimit(Level.PROJECT, caller, limitName);
            limits = checksFollow
                    ? limitStore.admitProvisionally(organizationRate, projectRate, pool, organizationSlot, projectSlot)
                    : limitStore.admit(organizationRate, projectRate, pool, organizationSlot, projectSlot);
        }
        if (limits.slot() != null && limits.slot().acquired()) {
            settlement.slotTaken(pool);
        }
        return limits;
    }

    /** The refusal of the request rate or, after it, of the pool; null when both admitted the request. */
    private Rejection limitRejection(LimitDecision limits, String pool) {
        RateDecision rate = limits.rate();
        if (rate != null && !rate.taken()) {
            return new Rejection(Rejection.Limit.REQUEST_RATE, rate.refusedBy(), null,
                    Duration.ofNanos(rate.nanosToWait()));
        }
        SlotDecision slot = limits.slot();
        if (slot != null && !slot.acquired()) {
            return new Rejection(Rejection.Limit.CONCURRENCY, slot.refusedBy(), pool,
                    config.concurrencyRetryAfter());
        }
        return null;
    }

    private void giveBack(RateLimit organization, RateLimit project) {
        if (organization != null || project != null) {
            limitStore.giveBackRequest(organization, project);
        }
    }

    /** The request-rate cap at {@code level} as the store takes it; null when there is none or it is 0. */
    private RateLimit rate(Level level, Caller caller) {
        return rate(cap(level, caller, Limits.REQUESTS_PER_MINUTE), ownerAt(level, caller));
    }

    private static RateLimit rate(Cap requestsPerMinute, UUID owner) {
        return requestsPerMinute.isUnlimited() || requestsPerMinute.max() == 0 ? null
                : new RateLimit(owner, requestsPerMinute.max());
    }

    /** {@code transcribe_concurrent} for the pool {@code transcribe}. */
    private String limitName(String pool) {
        PoolNames names = poolNames.get(pool);
        return names != null ? names.limitName() : Limits.concurrent(pool);
    }

    /**
     * The refusal when a capacity that applies to {@code labels} (one naming all of them, or some)
     * has nothing left at {@code now}; null when all have room. With several used up, the one whose
     * period ends last is named, with the labels it was set on: only then can every capacity admit
     * again. A capacity store that cannot answer refuses the request.
     */
    private Rejection capacityShortage(Caller caller, LabelSet labels, Instant now) {
        List<CapacityStanding> standings;
        try {
            standings = capacities.standings(caller.organizationId(), caller.projectId(), labels, now);
        } catch (RuntimeException e) {
            // Fail closed: a capacity that cannot be checked is not granted.
            LOG.log(System.Logger.Level.WARNING, "Capacities of " + labels + " could not be read; refusing the "
                    + "request with 503: " + e.getMessage());
            throw new LimitStoreUnavailableException("The capacities cannot be read", e);
        }
        CapacityStanding longest = null;
        for (CapacityStanding standing : standings) {
            if (!standing.hasRemainingCapacity()
                    && (longest == null || standing.window().end().isAfter(longest.window().end()))) {
                longest = standing;
            }
        }
        if (longest == null) {
            return null;
        }
        Level level = longest.owner().level();
        return Rejection.capacity(level, longest.labels(), longest.period(),
                Duration.ofSeconds(longest.window().secondsLeftAfter(now)));
    }

    /** The cap in force: the directory's value for this caller, else the configured default. */
    private Cap cap(Level level, Caller caller, String limitName) {
        if (level == Level.ORGANIZATION) {
            Cap set = caller.organizationLimits().get(limitName);
            return set != null ? set : config.organizationDefault(limitName);
        }
        Cap set = caller.projectLimits().get(limitName);
        return set != null ? set : config.projectDefault(limitName);
    }

    /**
     * Slots in use and caps of every configured pool at both levels of this caller, the slots
     * read from the store in one step.
     */
    public ConcurrencyReport concurrency(Caller caller) {
        List<PoolUse> uses = limitStore.poolUse(caller.organizationId(), caller.projectId(), config.pools());
        return new ConcurrencyReport(levelReport(Level.ORGANIZATION, caller, uses),
                levelReport(Level.PROJECT, caller, uses));
    }

    private ConcurrencyReport.Level levelReport(Level level, Caller caller, List<PoolUse> uses) {
        Map<String, Integer> current = new LinkedHashMap<>();
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (PoolUse use : uses) {
            String limitName = limitName(use.pool());
            current.put(limitName, level == Level.ORGANIZATION ? use.organizationInUse() : use.projectInUse());
            limits.put(limitName, cap(level, caller, limitName).max());
        }
        return new ConcurrencyReport.Level(current, limits);
    }

    /**
     * Where the caller stands in every capped quota the endpoint is subject to, read after its
     * admission: request rate at both levels, and the endpoint's pool at both levels. What the
     * admission read on its way is used as read; the rest is asked of the store.
     */
    public List<Quota> quotas(Admission admission) {
        Caller caller = admission.caller();
        MeteredEndpoint endpoint = admission.endpoint();
        List<Quota> quotas = new ArrayList<>(4);
        for (Level level : LEVELS) {
            RateLimit rate = rate(level, caller);
            if (rate != null) {
                RateStanding standing = admission.rateDecision() == null ? null
                        : admission.rateDecision().standing(level);
                if (standing == null) {
                    standing = limitStore.rateStanding(level, rate);
                }
                quotas.add(new Quota(Quota.ratePolicy(level), rate.perMinute(), 60, Quota.REQUESTS,
                        standing.available(), ceilSeconds(standing.nanosUntilFull())));
            }
        }
        if (endpoint.pool() != null) {
            PoolNames names = poolNames.get(endpoint.pool());
            if (names == null) {
                names = PoolNames.of(endpoint.pool());
            }
            for (Level level : LEVELS) {
                Cap cap = cap(level, caller, names.limitName());
                if (!cap.isUnlimited()) {
                    SlotDecision slot = admission.slotDecision();
                    int inUse = slot != null ? slot.inUse(level)
                            : limitStore.slotsInUse(level, ownerAt(level, caller), endpoint.pool());
                    quotas.add(new Quota(names.policy(level), cap.max(), null,
                            Quota.CONCURRENT_REQUESTS, Math.max(0, cap.max() - inUse), null));
                }
            }
        }
        return quotas;
    }

    /** A pool's limit name and its policy name at each level. */
    private record PoolNames(String limitName, String organizationPolicy, String projectPolicy) {

        static PoolNames of(String pool) {
            return new PoolNames(Limits.concurrent(pool), Quota.poolPolicy(Level.ORGANIZATION, pool),
                    Quota.poolPolicy(Level.PROJECT, pool));
        }

        String policy(Level level) {
            return level == Level.ORGANIZATION ? organizationPolicy : projectPolicy;
        }
    }

    private static UUID ownerAt(Level level, Caller caller) {
        return level == Level.ORGANIZATION ? caller.organizationId() : caller.projectId();
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** Slots this engine holds right now across every pool and caller; zero once all requests have settled. */
    public int heldSlotEntries() {
        return settlement.heldSlots();
    }

    /** Slots of {@code pool} this engine holds right now, for every caller together. */
    public int heldSlots(String pool) {
        return settlement.heldSlots(pool);
    }

    /**
     * The slots each project held over time, per pool: the limit store's when it keeps one for the
     * fleet, else this server's own, in memory.
     */
    public ConcurrencyHistoryStore concurrencyHistory() {
        return concurrencyHistory;
    }

    /** Where request-rate and concurrency state lives. */
    public LimitStore limitStore() {
        return limitStore;
    }
}
