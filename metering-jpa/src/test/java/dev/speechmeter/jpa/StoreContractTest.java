package dev.speechmeter.jpa;

import dev.speechmeter.internal.engine.TimeOrderedIds;
import static dev.speechmeter.spi.Limits.REQUESTS_PER_MINUTE;
import static dev.speechmeter.spi.Limits.concurrent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.internal.engine.StorableRecords;
import dev.speechmeter.jpa.StoredRows.StoredUsage;
import dev.speechmeter.spi.ApiKeyInfo;
import dev.speechmeter.spi.ApiKeys;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.KeyPermission;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.NameTakenException;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageLog;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.spi.UsageRejectedException;
import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every backend of the store must do, seen only through {@link KeyDirectory},
 * {@link TenantAdmin} and {@link UsageLedger}. A subclass starts its database once per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest implements CapacityContract, JobRegistryContract, IdempotencyContract {

    /** Just before midnight UTC at the end of a leap day, so that moving the clock changes the date. */
    private static final Instant START = Instant.parse("2028-02-29T23:59:59.999Z");

    /** More entries than any test pages through: a cursor that does not move on fails rather than pages forever. */
    private static final int MAX_PAGED = 10_000;
    private static final String PAGING_FOREVER = "entries paged so far (does the cursor move on?)";

    private static final int WRITERS = StoreSettings.defaults().writers();

    private final FakeClock clock = new FakeClock(START);
    private DataSource dataSource;
    private EntityManagerFactory entityManagerFactory;
    private KeyDirectory directory;
    private TenantAdmin admin;
    private UsageLedger ledger;
    private UsageLog log;
    private RequestLog requests;
    private CapacityLedger capacities;
    private StoredRows rows;

    abstract DataSource startDatabase() throws Exception;

    abstract void stopDatabase() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        dataSource = startDatabase();
        SchemaMigrator.migrate(dataSource);
        entityManagerFactory = TestPersistence.open(dataSource);
        Transactions transactions = new ResourceLocalTransactions(entityManagerFactory);
        directory = new JpaKeyDirectory(transactions, dataSource);
        admin = new JpaTenantAdmin(transactions, clock);
        // As many writers as a deployment has by default, so batches race in concurrent transactions.
        ledger = BatchingLedger.writingTo(new JdbcUsageWriter(dataSource)).writers(WRITERS).capacity(1_000)
                .maxBatch(100).start();
        rows = new StoredRows(transactions);
        log = new JdbcUsageLog(dataSource);
        requests = new JdbcRequestLog(dataSource);
        capacities = new JdbcCapacityLedger(dataSource);
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public TenantAdmin admin() {
        return admin;
    }

    @Override
    public KeyDirectory directory() {
        return directory;
    }

    @Override
    public UsageLedger ledger() {
        return ledger;
    }

    @Override
    public CapacityLedger capacities() {
        return capacities;
    }

    @AfterAll
    void closeStore() throws Exception {
        try {
            if (ledger != null) {                                  // null when the database was not started
                ((BatchingLedger) ledger).close();
            }
            if (entityManagerFactory != null) {
                entityManagerFactory.close();
            }
        } finally {
            stopDatabase();
        }
    }

    @BeforeEach
    void startClock() {
        clock.set(START);
    }

    @Test
    void findsAKeyByItsHashWithItsOwnersAndTheirLimits() {
        Limits organizationLimits = Limits.none()
                .with(REQUESTS_PER_MINUTE, Cap.atMost(500))
                .with(concurrent("transcribe"), Cap.unlimited());
        Limits projectLimits = Limits.none()
                .with(REQUESTS_PER_MINUTE, Cap.unlimited())
                .with(concurrent("tts"), Cap.atMost(0));
        UUID organization = admin.createOrganization(unique("Acme"), organizationLimits);
        UUID project = admin.createProject(organization, "mobile app", projectLimits);
        CreatedKey key = admin.createKey(project, "backend");

        Caller caller = directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow();

        assertThat(caller)
                .isEqualTo(new Caller(key.apiKeyId(), project, organization, organizationLimits, projectLimits));
        assertThat(caller.organizationLimits().find(REQUESTS_PER_MINUTE)).contains(Cap.atMost(500));
        assertThat(caller.organizationLimits().find(concurrent("transcribe"))).contains(Cap.unlimited());
        assertThat(caller.organizationLimits().find(concurrent("tts"))).isEmpty();
        assertThat(caller.projectLimits().find(REQUESTS_PER_MINUTE)).contains(Cap.unlimited());
        assertThat(caller.projectLimits().find(concurrent("tts"))).contains(Cap.atMost(0));
        assertThat(caller.projectLimits().find(concurrent("transcribe"))).isEmpty();
    }

    @Test
    void aTakenNameIsRefusedWithNameTaken() {
        String name = unique("Taken");
        UUID organization = admin.createOrganization(name, Limits.none());
        admin.createProject(organization, "app", Limits.none());

        assertThatThrownBy(() -> admin.createOrganization(name, Limits.none()))
                .isInstanceOf(NameTakenException.class).hasMessageContaining(name);
        assertThatThrownBy(() -> admin.createProject(organization, "app", Limits.none()))
                .isInstanceOf(NameTakenException.class).hasMessageContaining("app");
        assertThat(admin.createProject(admin.createOrganization(unique("Other"), Limits.none()), "app", Limits.none()))
                .as("a project name is taken only within its organization").isNotNull();
    }

    /**
     * What the database says when another transaction inserted the name between the store's check
     * and its insert is recognized as a taken name, on every database; other refusals are not.
     */
    @Test
    void theDatabasesUniqueViolationIsToldFromOtherRefusals() throws SQLException {
        String name = unique("Raced");
        admin.createOrganization(name, Limits.none());
        String insert = "insert into sm_organization (id, name, created_at) values (?, ?, current_timestamp)";
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, name);
            SQLException duplicate = catchThrowableOfType(SQLException.class, statement::executeUpdate);
            assertThat(SqlDialect.isUniqueViolation(new jakarta.persistence.PersistenceException(duplicate)))
                    .as(String.valueOf(duplicate)).isTrue();

            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, null);
            SQLException missing = catchThrowableOfType(SQLException.class, statement::executeUpdate);
            assertThat(SqlDialect.isUniqueViolation(new jakarta.persistence.PersistenceException(missing)))
                    .as(String.valueOf(missing)).isFalse();
        }
    }

    @Test
    void aKeyWhoseOwnersSetNoLimitsFallsBackToDefaultsAtBothLevels() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey key = admin.createKey(tenant.project(), "backend");

        Caller caller = directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow();

        assertThat(caller.organizationLimits()).isEqualTo(Limits.none());
        assertThat(caller.projectLimits()).isEqualTo(Limits.none());
    }

    @Test
    void keepsOnlyTheHashAndTheDisplayPrefixOfASecret() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());

        CreatedKey key = admin.createKey(tenant.project(), "backend");

        StoredRows.StoredKey stored = rows.key(key.apiKeyId());
        assertThat(key.secret()).startsWith(ApiKeys.PREFIX).hasSizeGreaterThanOrEqualTo(ApiKeys.MIN_LENGTH);
        assertThat(stored.keyHash()).isEqualTo(ApiKeys.hash(key.secret()));
        assertThat(stored.keyPrefix()).isEqualTo(ApiKeys.displayPrefix(key.secret()));
        assertThat(stored.projectId()).isEqualTo(tenant.project());
        assertThat(stored.name()).isEqualTo("backend");
        assertThat(stored.createdAt()).isEqualTo(START);
        assertThat(stored.revokedAt()).isNull();
    }

    @Test
    void anUnknownHashFindsNobody() {
        assertThat(directory.findByHash(ApiKeys.hash(ApiKeys.newSecret()))).isEmpty();
    }

    @Test
    void aRevokedKeyIsNotFoundFromThenOn() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey revoked = admin.createKey(tenant.project(), "old");
        CreatedKey kept = admin.createKey(tenant.project(), "new");
        clock.advance(Duration.ofMillis(2));

        admin.revokeKey(revoked.apiKeyId());

        assertThat(directory.findByHash(ApiKeys.hash(revoked.secret()))).isEmpty();
        assertThat(directory.findByHash(ApiKeys.hash(kept.secret()))).isPresent();
        assertThat(rows.key(revoked.apiKeyId()).revokedAt()).isEqualTo(Instant.parse("2028-03-01T00:00:00.001Z"));
    }

    @Test
    void revokingAgainKeepsTheFirstRevocationTime() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey key = admin.createKey(tenant.project(), "backend");
        admin.revokeKey(key.apiKeyId());
        clock.advance(Duration.ofHours(1));

        admin.revokeKey(key.apiKeyId());

        assertThat(rows.key(key.apiKeyId()).revokedAt()).isEqualTo(START);
        assertThat(directory.findByHash(ApiKeys.hash(key.secret()))).isEmpty();
    }

    @Test
    void setLimitsReplacesEveryLimitOfThatOwner() {
        Tenant tenant = newTenant(
                Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(500)).with(concurrent("transcribe"), Cap.atMost(10)),
                Limits.none().with(concurrent("tts"), Cap.atMost(2)));
        CreatedKey key = admin.createKey(tenant.project(), "backend");
        Limits replacement = Limits.none().with(concurrent("tts"), Cap.unlimited());

        admin.setLimits(tenant.organization(), replacement);
        admin.setLimits(tenant.project(), Limits.none());

        Caller caller = directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow();
        assertThat(caller.organizationLimits()).isEqualTo(replacement);
        assertThat(caller.projectLimits()).isEqualTo(Limits.none());

        admin.setLimits(tenant.project(), Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(7)));

        caller = directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow();
        assertThat(caller.organizationLimits()).isEqualTo(replacement);
        assertThat(caller.projectLimits().asMap()).isEqualTo(Map.of(REQUESTS_PER_MINUTE, Cap.atMost(7)));
    }

    @Test
    void concurrentReplacementsOfTheSameLimitsAllSucceedAndOneWinsWhole() throws Exception {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey key = admin.createKey(tenant.project(), "backend");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writes = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                Limits limits = Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(100 + i))
                        .with(concurrent("transcribe"), Cap.atMost(1 + i));
                writes.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 5; round++) {
                        admin.setLimits(tenant.project(), limits);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Cap> stored = directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow().projectLimits().asMap();
        int winner = stored.get(REQUESTS_PER_MINUTE).max() - 100;
        assertThat(stored).isEqualTo(Map.of(REQUESTS_PER_MINUTE, Cap.atMost(100 + winner),
                concurrent("transcribe"), Cap.atMost(1 + winner)));
    }

    @Test
    void setLimitsOnAnUnknownIdIsRefused() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> admin.setLimits(unknown, Limits.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(unknown.toString());
    }

    @Test
    void aLimitNameLongerThanTheColumnIsRefused() {
        Limits tooLong = Limits.none().with("x".repeat(65), Cap.atMost(1));

        assertThatThrownBy(() -> admin.createOrganization(unique("Acme"), tooLong))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChosenSecretWorksLikeAMadeOne() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        String secret = "sm_demo_" + UUID.randomUUID();

        CreatedKey key = admin.createKey(tenant.project(), "demo", secret);

        assertThat(key.secret()).isEqualTo(secret);
        assertThat(directory.findByHash(ApiKeys.hash(secret))).map(Caller::apiKeyId).contains(key.apiKeyId());
        assertThat(rows.key(key.apiKeyId()).keyPrefix()).isEqualTo("sm_demo");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "sm_short_but_printable",
            "sm_has a space in the middle of it all",
            "sm_not_ascii_é_padding_padding_padding"})
    void aChosenSecretMustBeLongAndPrintable(String secret) {
        Tenant tenant = newTenant(Limits.none(), Limits.none());

        Throwable refusal = catchThrowable(() -> admin.createKey(tenant.project(), "demo", secret));

        assertThat(refusal)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(ApiKeys.MIN_LENGTH));
        if (secret != null && !secret.isEmpty()) {
            assertThat(refusal).hasMessageNotContaining(secret);
        }
    }

    @Test
    void aSecretCannotServeTwoKeys() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        String secret = "sm_demo_" + UUID.randomUUID();
        admin.createKey(tenant.project(), "first", secret);

        assertThatThrownBy(() -> admin.createKey(tenant.project(), "second", secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(secret);
    }

    @Test
    void unknownOwnersAndKeysAreRefusedWithoutShowingASecret() {
        UUID unknown = UUID.randomUUID();
        String secret = "sm_demo_" + UUID.randomUUID();

        assertThatThrownBy(() -> admin.createProject(unknown, "app", Limits.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> admin.createKey(unknown, "backend"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> admin.createKey(unknown, "backend", secret))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(secret);
        assertThatThrownBy(() -> admin.revokeKey(unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.toString());
    }

    @Test
    void listsAProjectsKeysWithPrefixesOnlyRevokedOnesIncluded() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey first = admin.createKey(tenant.project(), "backend");
        clock.advance(Duration.ofSeconds(1));
        CreatedKey second = admin.createKey(tenant.project(), "batch jobs");
        clock.advance(Duration.ofSeconds(1));
        admin.revokeKey(first.apiKeyId());
        admin.createKey(newTenant(Limits.none(), Limits.none()).project(), "elsewhere");

        List<ApiKeyInfo> keys = admin.listKeys(tenant.project());

        assertThat(keys).extracting(ApiKeyInfo::apiKeyId).containsExactly(first.apiKeyId(), second.apiKeyId());
        assertThat(keys.get(0).name()).isEqualTo("backend");
        assertThat(keys.get(0).prefix()).isEqualTo(ApiKeys.displayPrefix(first.secret()));
        assertThat(keys.get(0).live()).isFalse();
        assertThat(keys.get(0).revokedAt()).isEqualTo(START.plusSeconds(2));
        assertThat(keys.get(1).live()).isTrue();
        assertThat(keys.get(1).createdAt()).isEqualTo(START.plusSeconds(1));
        assertThat(keys.toString()).doesNotContain(first.secret()).doesNotContain(second.secret());
        assertThat(admin.projectOfKey(first.apiKeyId())).contains(tenant.project());
        assertThat(admin.projectOfKey(UUID.randomUUID())).isEmpty();
        assertThat(admin.listKeys(UUID.randomUUID())).isEmpty();
        assertThat(keys.get(1).permissions()).isEqualTo(KeyPermission.ALL);
        assertThat(admin.projectExists(tenant.project())).isTrue();
        assertThat(admin.projectExists(tenant.organization())).isFalse();
        assertThat(admin.organizationExists(tenant.organization())).isTrue();
        assertThat(admin.organizationExists(tenant.project())).isFalse();
    }

    @Test
    void aKeyMadeWithFewerPermissionsFindsItsCallerWithThoseOnly() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey reader = admin.createKey(tenant.project(), "dashboard", Set.of(KeyPermission.USAGE_READ));

        Caller caller = directory.findByHash(ApiKeys.hash(reader.secret())).orElseThrow();

        assertThat(caller.permissions()).containsExactly(KeyPermission.USAGE_READ);
        assertThat(caller.may(KeyPermission.SPEECH)).isFalse();
        assertThat(directory.findById(caller.apiKeyId()).orElseThrow().permissions())
                .containsExactly(KeyPermission.USAGE_READ);
        assertThat(admin.listKeys(tenant.project()).get(0).permissions()).containsExactly(KeyPermission.USAGE_READ);
        assertThatThrownBy(() -> admin.createKey(tenant.project(), "nothing", Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsALiveKeyByItsIdAsByItsHashUntilItIsRevoked() {
        Tenant tenant = newTenant(Limits.none(), Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(7)));
        CreatedKey key = admin.createKey(tenant.project(), "backend");
        Caller byHash = directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow();

        assertThat(directory.findById(byHash.apiKeyId())).contains(byHash);
        assertThat(directory.findById(UUID.randomUUID())).isEmpty();

        admin.revokeKey(byHash.apiKeyId());

        assertThat(directory.findById(byHash.apiKeyId())).isEmpty();
    }

    @Test
    void aSingleUseKeyIsClaimedExactlyOnceAcrossConcurrentServers() throws Exception {
        UUID keyId = UUID.randomUUID();
        KeyDirectory otherServer = new JpaKeyDirectory(new ResourceLocalTransactions(entityManagerFactory), dataSource);
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                KeyDirectory server = i % 2 == 0 ? directory : otherServer;
                claims.add(pool.submit(() -> {
                    start.await();
                    return server.claimOnce(keyId, START.plusSeconds(60));
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> claim : claims) {
                wins += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(directory.claimOnce(UUID.randomUUID(), START.plusSeconds(60))).as("another key").isTrue();
    }

    @Test
    void usesOfExpiredKeysAreForgotten() {
        UUID expired = UUID.randomUUID();
        UUID live = UUID.randomUUID();
        directory.claimOnce(expired, START.minusSeconds(1));
        directory.claimOnce(live, START.plusSeconds(60));

        ((JpaKeyDirectory) directory).forgetExpiredUses(START);

        assertThat(directory.claimOnce(live, START.plusSeconds(60))).isFalse();
        assertThat(directory.claimOnce(expired, START.minusSeconds(1))).as("forgotten, so claimable again").isTrue();
    }

    @Test
    void everyServerOnTheDatabaseSignsWithTheSameSecret() {
        KeyDirectory otherServer = new JpaKeyDirectory(new ResourceLocalTransactions(entityManagerFactory), dataSource);

        byte[] secret = directory.signingSecret().orElseThrow();

        assertThat(secret).hasSizeGreaterThanOrEqualTo(KeyDirectory.MIN_SECRET_BYTES);
        assertThat(otherServer.signingSecret()).hasValueSatisfying(other -> assertThat(other).isEqualTo(secret));
        assertThat(directory.signingSecret()).hasValueSatisfying(again -> assertThat(again).isEqualTo(secret));
    }

    @Test
    void findsOrganizationsByNameAndProjectsByNameWithinTheirOrganization() {
        String name = unique("Acme");
        UUID acme = admin.createOrganization(name, Limits.none());
        UUID other = admin.createOrganization(unique("Other"), Limits.none());
        UUID acmeApp = admin.createProject(acme, "app", Limits.none());
        UUID otherApp = admin.createProject(other, "app", Limits.none());

        assertThat(admin.findOrganizationByName(name)).contains(acme);
        assertThat(admin.findOrganizationByName(unique("Nobody"))).isEmpty();
        assertThat(admin.findProjectByName(acme, "app")).contains(acmeApp);
        assertThat(admin.findProjectByName(other, "app")).contains(otherApp);
        assertThat(admin.findProjectByName(acme, "web")).isEmpty();
        assertThat(admin.findProjectByName(UUID.randomUUID(), "app")).isEmpty();
    }

    @Test
    void namesAreUniqueWhereTheyAreLookedUp() {
        String name = unique("Acme");
        UUID acme = admin.createOrganization(name, Limits.none());
        admin.createProject(acme, "app", Limits.none());

        assertThatThrownBy(() -> admin.createOrganization(name, Limits.none()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.createProject(acme, "app", Limits.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysOfTwoProjectsNeverResolveToEachOther() {
        UUID acme = admin.createOrganization(unique("Acme"), Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(1)));
        UUID other = admin.createOrganization(unique("Other"), Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(2)));
        List<UUID> projects = List.of(
                admin.createProject(acme, "app", Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(3))),
                admin.createProject(acme, "web", Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(4))),
                admin.createProject(other, "app", Limits.none().with(REQUESTS_PER_MINUTE, Cap.atMost(5))));
        List<UUID> organizations = List.of(acme, acme, other);
        List<List<CreatedKey>> keys = new ArrayList<>();
        for (UUID project : projects) {
            keys.add(List.of(
                    admin.createKey(project, "a"), admin.createKey(project, "b"), admin.createKey(project, "c")));
        }

        for (int i = 0; i < projects.size(); i++) {
            for (CreatedKey key : keys.get(i)) {
                Caller caller = directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow();
                assertThat(caller.apiKeyId()).isEqualTo(key.apiKeyId());
                assertThat(caller.projectId()).isEqualTo(projects.get(i));
                assertThat(caller.organizationId()).isEqualTo(organizations.get(i));
                assertThat(caller.projectLimits().find(REQUESTS_PER_MINUTE)).contains(Cap.atMost(3 + i));
                assertThat(caller.organizationLimits().find(REQUESTS_PER_MINUTE)).contains(Cap.atMost(i < 2 ? 1 : 2));
            }
        }

        Caller first = directory.findByHash(ApiKeys.hash(keys.get(0).get(0).secret())).orElseThrow();
        ledger.record(usageRecord(first, 200));
        assertThat(rows.usageOfProject(projects.get(0))).hasSize(1);
        assertThat(rows.usageOfProject(projects.get(1))).isEmpty();
        assertThat(rows.usageOfProject(projects.get(2))).isEmpty();
    }

    @Test
    void storesAUsageRecordWithEveryFieldIntact() {
        Caller caller = newCaller();
        UUID requestId = TimeOrderedIds.at(clock.instant());
        UsageRecord record = new UsageRecord(requestId, "client-correlation-1", caller, "transcribe_async",
                "/v1/transcriptions", "async", 201, "c".repeat(256),
                Instant.parse("2028-02-29T23:58:01.123456Z"), START,
                new Usage("stt-async-v3", 11, 22, 33_000, 44, 55, 66_000),
                new Costs(new BigDecimal("0.000001"), new BigDecimal("12345678901.123456"),
                        new BigDecimal("0.001250"), new BigDecimal("7")));

        ledger.record(record);

        StoredUsage stored = rows.usage(requestId).orElseThrow();
        assertThat(stored).isEqualTo(new StoredUsage(requestId, caller.organizationId(), caller.projectId(),
                caller.apiKeyId(), "client-correlation-1", "transcribe_async", "/v1/transcriptions", "async", 201,
                true, "c".repeat(256), "stt-async-v3", Instant.parse("2028-02-29T23:58:01.123456Z"), START,
                11, 22, 33_000, 44, 55, 66_000,
                new BigDecimal("12345678908.124707"), new BigDecimal("12345678901.123457"),
                new BigDecimal("0.000001"), new BigDecimal("12345678901.123456"),
                new BigDecimal("7.001250"), new BigDecimal("0.001250"), new BigDecimal("7.000000")));
    }

    @Test
    void textsWithQuotesBracesCommasAndOtherScriptsAndNullsAreStoredAsGiven() {
        Caller caller = newCaller();
        String awkward = "a\"b\\c{d},e 'f' NULL \u00e9\u4e2d\ud83c\udfb5";
        UsageRecord record = new UsageRecord(TimeOrderedIds.at(clock.instant()), awkward, caller, "tts_rest", "/tts?x={y}",
                "sync", 200, "NULL", START.minusSeconds(1), START, new Usage(null, 0, 0, 0, 0, 0, 0), Costs.ZERO);
        UsageRecord nulls = new UsageRecord(TimeOrderedIds.at(clock.instant()), null, caller, "tts_rest", null, null, 200, null,
                START.minusSeconds(1), START, Usage.NONE, Costs.ZERO);

        ledger.record(record);
        ledger.record(nulls);

        StoredUsage stored = rows.usage(record.requestId()).orElseThrow();
        assertThat(stored.correlationId()).isEqualTo(awkward);
        assertThat(stored.endpoint()).isEqualTo("/tts?x={y}");
        assertThat(stored.clientReferenceId()).as("the text NULL, not a null").isEqualTo("NULL");
        assertThat(stored.model()).isNull();
        StoredUsage empty = rows.usage(nulls.requestId()).orElseThrow();
        assertThat(empty.correlationId()).isNull();
        assertThat(empty.endpoint()).isNull();
        assertThat(empty.method()).isNull();
        assertThat(empty.clientReferenceId()).isNull();
    }

    @Test
    void whatAClientOrEndpointChoseIsMadeStorableAndStoredOnEveryDatabase() {
        Caller caller = newCaller();
        String note = "\ud83c\udfb5".repeat(200);   // 400 UTF-16 units, 200 characters outside the BMP
        UsageRecord chosen = new UsageRecord(TimeOrderedIds.at(clock.instant()), "id\u0000" + "x".repeat(200), caller,
                "tts_rest", "/tts/" + "p".repeat(3_000), "sync", 200, "ref\u0000\ud800 " + note, START.minusSeconds(1),
                START, new Usage("m".repeat(300), 1, 0, 0, 0, 0, 0),
                new Costs(new BigDecimal("99999999999999.999999"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE));

        UsageRecord storable = StorableRecords.storable(chosen);
        ledger.record(storable);

        StoredUsage stored = rows.usage(chosen.requestId()).orElseThrow();
        assertThat(stored.correlationId()).isEqualTo("id\uFFFD" + "x".repeat(125));
        assertThat(stored.endpoint()).isEqualTo("/tts/" + "p".repeat(2_043));
        assertThat(stored.clientReferenceId()).as("a character is never cut in half")
                .isEqualTo("ref\uFFFD\uFFFD " + "\ud83c\udfb5".repeat(125));
        assertThat(stored.model()).isEqualTo("m".repeat(256));
        assertThat(stored.costUsd()).isEqualTo(new BigDecimal("25000000000000.999999"));
    }

    @Test
    void anEntryTheDatabaseRefusesFailsAloneAndTheOthersOfItsBatchAreStored() throws Exception {
        Caller caller = newCaller();
        List<UsageRecord> good = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            good.add(usageRecord(caller, 200));
        }
        UsageRecord tooLong = new UsageRecord(TimeOrderedIds.at(clock.instant()), null, caller, "tts_rest", "/tts", "sync",
                200, null, START.minusSeconds(1), START, new Usage("m".repeat(300), 0, 0, 0, 0, 0, 0), Costs.ZERO);
        List<UsageRecord> batch = new ArrayList<>(good);
        batch.add(4, tooLong);
        BatchingLedger oneBatch = BatchingLedger.writingTo(new JdbcUsageWriter(dataSource)).maxBatch(100).start();
        ExecutorService callers = Executors.newFixedThreadPool(batch.size());
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (UsageRecord record : batch) {
                calls.add(callers.submit(() -> oneBatch.record(record)));
            }
            for (int i = 0; i < batch.size(); i++) {
                Future<?> call = calls.get(i);
                if (batch.get(i) == tooLong) {
                    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                            .cause().hasMessage("Usage could not be written")
                            .cause().isInstanceOf(UsageRejectedException.class);
                } else {
                    call.get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            callers.shutdownNow();
            oneBatch.close();
        }

        assertThat(rows.usageOfProject(caller.projectId())).extracting(StoredUsage::requestId)
                .containsExactlyInAnyOrderElementsOf(good.stream().map(UsageRecord::requestId).toList());
        assertThat(oneBatch.rejected()).isEqualTo(1);
        assertThat(oneBatch.lost()).isZero();
    }

    @Test
    void aRequestIdWrittenTwiceIsStoredOnce() {
        Caller caller = newCaller();
        UsageRecord record = usageRecord(caller, 200);
        UsageRecord repeat = new UsageRecord(record.requestId(), record.correlationId(), caller, record.requestScope(),
                record.endpoint(), record.method(), 500, null, record.startTime(), record.endTime(), Usage.NONE,
                Costs.ZERO);

        ledger.record(record);
        ledger.record(record);
        ledger.record(repeat);

        assertThat(rows.usageOfProject(caller.projectId()))
                .singleElement()
                .satisfies(stored -> {
                    assertThat(stored.requestId()).isEqualTo(record.requestId());
                    assertThat(stored.statusCode()).isEqualTo(200);
                    assertThat(stored.costUsd()).isEqualTo(record.costs().costUsd());
                });
    }

    @Test
    void aBatchOfTwoThousandWithEachIdTwiceStoresAndCountsEachOnce() {
        Caller caller = newCaller();
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            records.add(priced(caller, 200, "stt", START, "0.000003"));
        }
        List<UsageRecord> batch = new ArrayList<>(records);
        batch.addAll(records);
        Collections.shuffle(batch, new Random(11));

        new JdbcUsageWriter(dataSource).writeAll(batch);

        assertThat(rows.usageOfProject(caller.projectId())).extracting(StoredUsage::requestId)
                .containsExactlyInAnyOrderElementsOf(records.stream().map(UsageRecord::requestId).toList());
        UsageLog.Day day = log.days(caller.projectId(), LocalDate.parse("2028-02-29"), LocalDate.parse("2028-02-29")).get(0);
        assertThat(day.requests()).isEqualTo(1_000);
        assertThat(day.costs().costUsd()).isEqualByComparingTo("0.003000");
        assertThat(day.usage().inputAudioDurationMs()).isEqualTo(1_000_000);
    }

    @Test
    void concurrentWritersOfOneRequestIdStoreOneRowAndNoneFails() throws Exception {
        Caller caller = newCaller();
        int writers = 8;
        int rounds = 10;
        for (int round = 0; round < rounds; round++) {
            recordAllAtOnce(writers, Collections.nCopies(writers, usageRecord(caller, 200)));
        }

        assertThat(rows.usageOfProject(caller.projectId())).hasSize(rounds);
    }

    @Test
    void aFailedRequestIsStoredAsNotBillable() {
        Caller caller = newCaller();
        UUID requestId = TimeOrderedIds.at(clock.instant());
        UsageRecord failed = new UsageRecord(requestId, null, caller, "tts_rest", "/v1/tts", "sync", 503, null,
                START, START.plusMillis(40), Usage.NONE, Costs.ZERO);

        ledger.record(failed);

        StoredUsage stored = rows.usage(requestId).orElseThrow();
        assertThat(stored.billable()).isFalse();
        assertThat(stored.statusCode()).isEqualTo(503);
        assertThat(stored.correlationId()).isNull();
        assertThat(stored.clientReferenceId()).isNull();
        assertThat(stored.model()).isNull();
        assertThat(stored.endTime()).isEqualTo(Instant.parse("2028-03-01T00:00:00.039Z"));
        assertThat(stored.costUsd()).isEqualTo(new BigDecimal("0.000000"));
        assertThat(stored.outputAudioCostUsd()).isEqualTo(new BigDecimal("0.000000"));
    }

    @Test
    void theDatabaseSeesEveryStoredTimeOnItsUtcDay() throws SQLException {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey key = admin.createKey(tenant.project(), "backend");                  // February 29th, 23:59:59.999
        clock.advance(Duration.ofMillis(2));
        admin.revokeKey(key.apiKeyId());                                                // March 1st, 00:00:00.001
        Caller caller = newCaller();
        UsageRecord record = endingAt(caller, 200, Instant.parse("2028-03-01T00:00:00.000001Z"));
        ledger.record(record);                                                          // starts a second earlier

        SqlDialect dialect = SqlDialect.of(dataSource);
        assertThat(utcDays("select " + dialect.utcDay("created_at") + ", " + dialect.utcDay("revoked_at")
                + " from sm_api_key where id = ?", key.apiKeyId()))
                .containsExactly(LocalDate.parse("2028-02-29"), LocalDate.parse("2028-03-01"));
        assertThat(utcDays("select " + dialect.utcDay("start_time") + ", " + dialect.utcDay("end_time")
                + " from sm_usage_entry where uuid = ?", record.requestId()))
                .containsExactly(LocalDate.parse("2028-02-29"), LocalDate.parse("2028-03-01"));
    }

    private List<LocalDate> utcDays(String sql, UUID id) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    days.add(result.getObject(i, LocalDate.class));
                }
            }
        }
        return days;
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        String name = unique("Acme");
        UUID organization = admin.createOrganization(name, Limits.none());

        SchemaMigrator.migrate(dataSource);
        SchemaMigrator.migrate(dataSource);

        assertThat(appliedMigrations()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(admin.findOrganizationByName(name)).contains(organization);
    }

    /** The versions in the history table; its first row, which records its own creation, has none. */
    private List<String> appliedMigrations() throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // Flyway quotes the names of its table and columns, and databases quote differently.
            String q = connection.getMetaData().getIdentifierQuoteString();
            try (ResultSet result = statement.executeQuery("select " + q + "version" + q + " from " + q
                    + SchemaMigrator.HISTORY_TABLE + q + " where " + q + "success" + q + " and " + q + "version" + q
                    + " is not null order by " + q + "installed_rank" + q)) {
                while (result.next()) {
                    versions.add(result.getString(1));
                }
            }
        }
        return versions;
    }

    @Test
    void theUsageLogPagesEveryBilledEntryOfTheWindowExactlyOnceInOrder() {
        Caller caller = newCaller();
        Caller other = newCaller();
        Instant windowStart = START.minus(Duration.ofDays(3));
        Instant windowEnd = START;
        Random random = new Random(42);
        Set<UUID> expected = new HashSet<>();
        Instant sharedEnd = windowStart.plusSeconds(3600);
        for (int i = 0; i < 150; i++) {
            // Some entries share an end time, so that the id must break ties.
            Instant end = i % 10 == 0 ? sharedEnd
                    : windowStart.plusMillis((long) (random.nextDouble() * Duration.ofDays(3).toMillis()));
            UsageRecord record = endingAt(caller, 200, end);
            ledger.record(record);
            expected.add(record.requestId());
        }
        ledger.record(endingAt(caller, 500, windowStart.plusSeconds(10)));         // failed: not in the log
        ledger.record(endingAt(caller, 200, windowEnd));                            // end is exclusive
        ledger.record(endingAt(caller, 200, windowStart.minusMillis(1)));           // before the start
        ledger.record(endingAt(other, 200, windowStart.plusSeconds(10)));           // another project

        for (boolean descending : new boolean[] {false, true}) {
            for (int limit : new int[] {1, 7, 50, 1000}) {
                List<UsageLog.Entry> all = pageThrough(new UsageLog.Query(caller.projectId(), windowStart, windowEnd,
                        limit, descending, null, null));
                assertThat(all).extracting(UsageLog.Entry::uuid).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
                for (int i = 1; i < all.size(); i++) {
                    int order = all.get(i - 1).endTime().compareTo(all.get(i).endTime());
                    assertThat(descending ? order : -order).as("order at %d", i).isGreaterThanOrEqualTo(0);
                }
            }
        }
    }

    @Test
    void entriesWrittenWhilePagingNeitherRepeatNorHideEarlierOnes() {
        Caller caller = newCaller();
        Instant windowStart = START.minus(Duration.ofDays(1));
        Set<UUID> before = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            UsageRecord record = endingAt(caller, 200, windowStart.plusSeconds(i * 60L));
            ledger.record(record);
            before.add(record.requestId());
        }
        UsageLog.Query query = new UsageLog.Query(caller.projectId(), windowStart, START, 8, false, null, null);
        List<UUID> seen = new ArrayList<>();
        UsageLog.Page page = log.entries(query);
        int written = 0;
        while (true) {
            page.entries().forEach(entry -> seen.add(entry.uuid()));
            // New entries keep arriving, before and after the cursor.
            ledger.record(endingAt(caller, 200, windowStart.plusSeconds(30 + written * 90L)));
            written++;
            if (page.next() == null) {
                break;
            }
            assertThat(seen).as(PAGING_FOREVER).hasSizeLessThan(MAX_PAGED);
            page = log.entries(query.after(page.next()));
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(before);
    }

    @Test
    void theUsageLogFiltersByClientReferenceAndKeepsEveryField() {
        Caller caller = newCaller();
        UsageRecord tagged = new UsageRecord(TimeOrderedIds.at(clock.instant()), null, caller, "tts_rest", "/tts", "sync", 201,
                "order-7", START.minusSeconds(2), START.minusMillis(1),
                new Usage("tts-1", 5, 6, 7, 8, 9, 10_000),
                new Costs(new BigDecimal("0.000001"), new BigDecimal("0.000002"), new BigDecimal("0.000003"),
                        new BigDecimal("1.250000")));
        ledger.record(tagged);
        ledger.record(endingAt(caller, 200, START.minusSeconds(5)));

        UsageLog.Page page = log.entries(new UsageLog.Query(caller.projectId(), START.minusSeconds(60), START, 10,
                false, null, "order-7"));

        assertThat(page.next()).isNull();
        assertThat(page.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.uuid()).isEqualTo(tagged.requestId());
            assertThat(entry.requestScope()).isEqualTo("tts_rest");
            assertThat(entry.clientReferenceId()).isEqualTo("order-7");
            assertThat(entry.startTime()).isEqualTo(tagged.startTime());
            assertThat(entry.endTime()).isEqualTo(tagged.endTime());
            assertThat(entry.usage()).isEqualTo(tagged.usage());
            assertThat(entry.costs()).isEqualTo(tagged.costs());
            assertThat(entry.costs().costUsd().toPlainString()).isEqualTo("1.250006");
        });
    }

    @Test
    void dailyTotalsAddUpTheNewBilledEntriesOfEachDayAndModel() {
        Caller caller = newCaller();
        Instant lastDay = Instant.parse("2028-02-29T23:59:59.999Z");
        UsageRecord a = priced(caller, 200, "stt", lastDay.minusSeconds(10), "0.000100");
        UsageRecord b = priced(caller, 200, "stt", lastDay, "0.000250");
        UsageRecord c = priced(caller, 200, "stt", lastDay.plusMillis(1), "0.000001");    // March 1st
        UsageRecord d = priced(caller, 200, null, lastDay.minusSeconds(5), "0.000002");
        ledger.record(a);
        ledger.record(b);
        ledger.record(b);                                                               // written twice: counted once
        ledger.record(c);
        ledger.record(d);
        ledger.record(priced(caller, 503, "stt", lastDay.minusSeconds(1), "0.000000"));  // failed: not billed

        List<UsageLog.Day> days = log.days(caller.projectId(), LocalDate.parse("2028-02-28"), LocalDate.parse("2028-03-01"));

        assertThat(days).extracting(day -> day.day() + " " + day.usage().model() + " " + day.requests() + " "
                        + day.usage().inputAudioDurationMs() + " " + day.costs().costUsd().toPlainString())
                .containsExactlyInAnyOrder(
                        "2028-02-29 stt 2 2000 0.000350",
                        "2028-03-01 stt 1 1000 0.000001",
                        "2028-02-29 null 1 1000 0.000002");
        assertThat(log.days(caller.projectId(), LocalDate.parse("2028-03-01"), LocalDate.parse("2028-03-01")))
                .hasSize(1);
    }

    @Test
    void concurrentBatchesAddUpInTheDailyTotals() throws Exception {
        Caller caller = newCaller();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(pool.submit(() -> ledger.record(priced(caller, 200, "stt", START, "0.000003"))));
            }
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        UsageLog.Day day = log.days(caller.projectId(), LocalDate.parse("2028-02-29"), LocalDate.parse("2028-02-29")).get(0);
        assertThat(day.requests()).isEqualTo(200);
        assertThat(day.costs().costUsd()).isEqualByComparingTo("0.000600");
        assertThat(day.usage().inputAudioDurationMs()).isEqualTo(200_000);
    }

    @Test
    void manyRecordersRacingOnRepeatedIdsAcrossWritersStoreEveryEntryOnceAndExactDailyTotals() throws Exception {
        assertThat(WRITERS).as("usage writers, as deployed by default").isGreaterThan(1);
        Caller caller = newCaller();
        List<UsageRecord> records = new ArrayList<>();
        Map<String, long[]> expected = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            Instant end = i % 2 == 0 ? START : START.plusMillis(1 + i);                 // February 29th or March 1st
            String model = i % 3 == 0 ? "stt" : "stt-async";
            int status = i % 10 == 0 ? 503 : 200;
            int microDollars = 1 + i % 7;
            records.add(priced(caller, status, model, end, "0.00000" + microDollars));
            if (status == 200) {
                long[] day = expected.computeIfAbsent((i % 2 == 0 ? "2028-02-29 " : "2028-03-01 ") + model,
                        k -> new long[3]);
                day[0]++;
                day[1] += 1_000;
                day[2] += microDollars;
            }
        }
        List<UsageRecord> eachThreeTimes = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            eachThreeTimes.addAll(records);
        }
        Collections.shuffle(eachThreeTimes, new Random(7));

        recordAllAtOnce(24, eachThreeTimes);

        assertThat(rows.usageOfProject(caller.projectId())).extracting(StoredUsage::requestId)
                .containsExactlyInAnyOrderElementsOf(records.stream().map(UsageRecord::requestId).toList());
        List<String> totals = log.days(caller.projectId(), LocalDate.parse("2028-02-29"), LocalDate.parse("2028-03-01"))
                .stream()
                .map(day -> day.day() + " " + day.usage().model() + " " + day.requests() + " "
                        + day.usage().inputAudioDurationMs() + " " + day.costs().costUsd().movePointRight(6).intValueExact())
                .toList();
        assertThat(totals).containsExactlyInAnyOrderElementsOf(expected.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1] + " " + e.getValue()[2])
                .toList());
    }

    @Test
    void theRequestLogKnowsProjectsByIdWithTheirNames() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());

        assertThat(requests.project(tenant.project()))
                .contains(new RequestLog.Project(tenant.project(), tenant.organization(), "app"));
        assertThat(requests.project(tenant.organization())).as("an organization is not a project").isEmpty();
        assertThat(requests.project(UUID.randomUUID())).isEmpty();
    }

    @Test
    void theRequestListHoldsFailedRequestsTooNewestFirstAPageAtATime() {
        Caller caller = newCaller();
        Instant t = Instant.parse("2028-02-20T10:00:00Z");
        List<UsageRecord> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(startingAt(caller, i % 3 == 0 ? 503 : 200, "async", t.plusSeconds(i)));
        }
        written.forEach(ledger::record);
        ledger.record(startingAt(newCaller(), 200, "async", t));                 // another project's
        RequestLog.Filter all = RequestLog.Filter.of(caller.projectId(), t, t.plusSeconds(60));

        List<UUID> newestFirst = new ArrayList<>(written.stream().map(UsageRecord::requestId).toList());
        Collections.reverse(newestFirst);
        assertThat(requests.requests(all, 3, 0)).extracting(UsageRecord::requestId).containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(requests.requests(all, 3, 1)).extracting(UsageRecord::requestId).containsExactlyElementsOf(newestFirst.subList(3, 6));
        assertThat(requests.requests(all, 3, 2)).extracting(UsageRecord::requestId).containsExactlyElementsOf(newestFirst.subList(6, 7));
        assertThat(requests.requests(all, 3, 3)).isEmpty();
        assertThat(requests.requests(all.withStatus(RequestLog.Status.FAILED), 10, 0))
                .extracting(UsageRecord::statusCode).containsExactly(503, 503, 503);
        assertThat(requests.requests(all.withStatus(RequestLog.Status.SUCCEEDED), 10, 0)).hasSize(4)
                .allSatisfy(record -> assertThat(record.statusCode()).isEqualTo(200));
        assertThat(requests.requests(RequestLog.Filter.of(caller.projectId(), t.plusSeconds(1), t.plusSeconds(3)), 10, 0))
                .as("the window is on the start time, end exclusive")
                .extracting(UsageRecord::requestId).containsExactly(written.get(2).requestId(), written.get(1).requestId());
    }

    @Test
    void theRequestListFiltersByMethodScopeKeyIdAndModel() {
        Caller caller = newCaller();
        Caller otherKey = directory.findByHash(ApiKeys.hash(admin.createKey(caller.projectId(), "second").secret()))
                .orElseThrow();
        Instant t = Instant.parse("2028-02-21T10:00:00Z");
        UsageRecord sync = startingAt(caller, 200, "sync", t);
        UsageRecord speech = new UsageRecord(UUID.randomUUID(), null, otherKey, "tts_rest", "/tts", "sync", 200, "ref-1",
                t.plusSeconds(1), t.plusSeconds(2), new Usage("tts-1", 40, 0, 0, 0, 0, 5_000), Costs.ZERO);
        UsageRecord async = startingAt(caller, 200, "async", t.plusSeconds(2));
        List.of(sync, speech, async).forEach(ledger::record);
        RequestLog.Filter all = RequestLog.Filter.of(caller.projectId(), t, t.plusSeconds(60));

        assertThat(ids(all.withMethods("async"))).containsExactly(async.requestId());
        assertThat(ids(all.withEndpoint("tts_rest"))).containsExactly(speech.requestId());
        assertThat(ids(all.withAccessors(otherKey.apiKeyId()))).containsExactly(speech.requestId());
        assertThat(ids(all.withRequestId(sync.requestId()))).containsExactly(sync.requestId());
        assertThat(ids(all.withModels("tts-1"))).containsExactly(speech.requestId());
        assertThat(ids(all.withMethods("streaming"))).isEmpty();
        assertThat(requests.request(caller.projectId(), speech.requestId()))
                .hasValueSatisfying(found -> {
                    assertThat(found).usingRecursiveComparison().ignoringFields("caller").isEqualTo(speech);
                    assertThat(found.caller().apiKeyId()).isEqualTo(otherKey.apiKeyId());
                    assertThat(found.caller().projectId()).isEqualTo(caller.projectId());
                    assertThat(found.caller().organizationId()).isEqualTo(caller.organizationId());
                });
        assertThat(requests.request(newCaller().projectId(), speech.requestId()))
                .as("another project never sees it").isEmpty();
        assertThat(requests.request(caller.projectId(), UUID.randomUUID())).isEmpty();
    }

    @Test
    void usageSumsTheBilledRequestsPerUtcDayOfTheirEndAndPerGrouping() {
        Caller caller = newCaller();
        Instant lastSecond = Instant.parse("2028-02-29T23:59:59Z");
        ledger.record(priced(caller, 200, "stt", lastSecond, "0.000100"));
        ledger.record(priced(caller, 200, "stt", lastSecond.plusSeconds(1), "0.000100"));        // March 1st
        ledger.record(priced(caller, 200, "stt-2", lastSecond.minusSeconds(30), "0.000100"));
        ledger.record(priced(caller, 500, "stt", lastSecond.minusSeconds(20), "0.000000"));      // failed: no usage
        ledger.record(new UsageRecord(UUID.randomUUID(), null, caller, "tts_rest", "/tts", "streaming", 200, null,
                lastSecond.minusSeconds(9), lastSecond.minusSeconds(8), new Usage("tts-1", 40, 0, 0, 0, 7, 5_000),
                Costs.ZERO));
        RequestLog.Filter window = RequestLog.Filter.of(caller.projectId(),
                Instant.parse("2028-02-29T00:00:00Z"), Instant.parse("2028-03-02T00:00:00Z"));

        assertThat(requests.usage(window, Set.of()))
                .extracting(day -> day.day() + " " + day.requests() + " " + day.inputAudioMs() + " " + day.inputTokens()
                        + " " + day.outputTokens())
                .containsExactly("2028-02-29 3 2000 40 7", "2028-03-01 1 1000 0 0");
        assertThat(requests.usage(window, Set.of(RequestLog.Grouping.MODEL, RequestLog.Grouping.METHOD)))
                .extracting(day -> day.day() + " " + day.model() + " " + day.method() + " " + day.requests())
                .containsExactlyInAnyOrder("2028-02-29 stt sync 1", "2028-02-29 stt-2 sync 1",
                        "2028-02-29 tts-1 streaming 1", "2028-03-01 stt sync 1");
        assertThat(requests.usage(window, Set.of(RequestLog.Grouping.ENDPOINT, RequestLog.Grouping.ACCESSOR)))
                .extracting(day -> day.day() + " " + day.endpoint() + " " + (caller.apiKeyId().equals(day.accessor())))
                .containsExactlyInAnyOrder("2028-02-29 transcribe_async true", "2028-02-29 tts_rest true",
                        "2028-03-01 transcribe_async true");
        assertThat(requests.usage(window.withModels("stt-2"), Set.of())).extracting(RequestLog.Totals::requests)
                .containsExactly(1L);
        assertThat(requests.usage(window.withAccessors(UUID.randomUUID()), Set.of())).isEmpty();
        assertThat(requests.fields(caller.projectId(), window.start(), window.end()))
                .isEqualTo(new RequestLog.Fields(List.of(new RequestLog.Model("stt", null),
                        new RequestLog.Model("stt-2", null), new RequestLog.Model("tts-1", null)),
                        List.of("streaming", "sync"), List.of(), List.of()));
        assertThat(requests.fields(caller.projectId(), window.start(), window.start().plusSeconds(1)))
                .isEqualTo(new RequestLog.Fields(List.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void eachListFilterMatchesAnyOfItsValuesAndTheListsCombineWithAnd() {
        Caller caller = newCaller();
        Caller otherKey = directory.findByHash(ApiKeys.hash(admin.createKey(caller.projectId(), "second").secret()))
                .orElseThrow();
        Instant t = Instant.parse("2028-02-22T10:00:00Z");
        UsageRecord sync = withModel(startingAt(caller, 200, "sync", t), "stt-a");
        UsageRecord async = withModel(startingAt(otherKey, 200, "async", t.plusSeconds(1)), "stt-b");
        UsageRecord streaming = withModel(startingAt(caller, 200, "streaming", t.plusSeconds(2)), "o'neil \"模型\" 🎵");
        List.of(sync, async, streaming).forEach(ledger::record);
        ledger.record(startingAt(newCaller(), 200, "sync", t));                  // another project's
        RequestLog.Filter all = RequestLog.Filter.of(caller.projectId(), t, t.plusSeconds(60));

        assertThat(ids(all.withMethods("sync", "streaming")))
                .containsExactly(streaming.requestId(), sync.requestId());
        assertThat(ids(all.withMethods("sync", "async", "streaming"))).hasSize(3);
        assertThat(ids(all.withAccessors(otherKey.apiKeyId(), UUID.randomUUID()))).containsExactly(async.requestId());
        assertThat(ids(all.withAccessors(caller.apiKeyId(), otherKey.apiKeyId()))).hasSize(3);
        assertThat(ids(all.withModels("stt-b", "o'neil \"模型\" 🎵")))
                .as("values are bound, never written into the SQL")
                .containsExactly(streaming.requestId(), async.requestId());
        assertThat(ids(all.withModels("stt-a", "stt-b").withMethods("async", "streaming")))
                .containsExactly(async.requestId());
        assertThat(ids(all.withModels("stt-a", "stt-a", "stt-a"))).containsExactly(sync.requestId());
        assertThat(ids(all.withModels("x' OR '1'='1", "stt-z"))).isEmpty();

        RequestLog.Filter day = RequestLog.Filter.of(caller.projectId(), Instant.parse("2028-02-22T00:00:00Z"),
                Instant.parse("2028-02-23T00:00:00Z"));
        assertThat(requests.usage(day.withMethods("sync", "async"), Set.of(RequestLog.Grouping.METHOD)))
                .extracting(row -> row.method() + " " + row.requests())
                .containsExactly("async 1", "sync 1");
        assertThat(requests.usage(day.withAccessors(caller.apiKeyId(), otherKey.apiKeyId())
                        .withModels("stt-a", "stt-b", "stt-c"), Set.of()))
                .extracting(RequestLog.Totals::requests).containsExactly(2L);
    }

    @Test
    void aListFilterTakesAHundredValuesAndRefusesMore() {
        Caller caller = newCaller();
        Instant t = Instant.parse("2028-02-23T10:00:00Z");
        UsageRecord wanted = startingAt(caller, 200, "sync", t);
        ledger.record(wanted);
        List<UUID> keys = new ArrayList<>(Stream.generate(UUID::randomUUID).limit(99).toList());
        keys.add(caller.apiKeyId());
        List<String> models = Stream.concat(Stream.of("stt"), IntStream.range(0, 99).mapToObj(i -> "model-" + i)).toList();
        RequestLog.Filter all = RequestLog.Filter.of(caller.projectId(), t, t.plusSeconds(60));

        assertThat(ids(new RequestLog.Filter(caller.projectId(), t, t.plusSeconds(60), null, List.of(), null, keys,
                null, models, List.of()))).containsExactly(wanted.requestId());
        assertThat(requests.usage(new RequestLog.Filter(caller.projectId(), t, t.plus(Duration.ofDays(1)), null, List.of(), null,
                keys, null, models, List.of()), Set.of())).extracting(RequestLog.Totals::requests).containsExactly(1L);
        assertThatThrownBy(() -> all.withModels(Stream.concat(models.stream(), Stream.of("one more"))
                .toArray(String[]::new))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100");
    }

    @Test
    void channelsLanguageAndTagsComeBackAndCountInTheUsage() {
        Caller caller = newCaller();
        Instant t = Instant.parse("2028-02-24T10:00:00Z");
        String longest = "é".repeat(Usage.MAX_TAG_LENGTH - 2) + "🎵";
        List<String> ten = Stream.concat(Stream.of("team-a", "o'neil \"模型\" 🎵"),
                IntStream.range(0, Usage.MAX_TAGS - 3).mapToObj(i -> "tag-" + i)).collect(Collectors.toList());
        ten.add(longest);
        UsageRecord stereo = withUsage(startingAt(caller, 200, "sync", t), 2, "en-US", ten);
        UsageRecord mono = withUsage(startingAt(caller, 200, "async", t.plusSeconds(1)), 1, "de", List.of("team-b"));
        UsageRecord untagged = withUsage(startingAt(caller, 200, "async", t.plusSeconds(2)), 6, "en-US", List.of());
        UsageRecord failed = withUsage(startingAt(caller, 400, "sync", t.plusSeconds(3)), 1, "fr", List.of("team-a"));
        List.of(stereo, mono, untagged, failed).forEach(ledger::record);
        RequestLog.Filter all = RequestLog.Filter.of(caller.projectId(), t, t.plusSeconds(60));
        RequestLog.Filter day = RequestLog.Filter.of(caller.projectId(), Instant.parse("2028-02-24T00:00:00Z"),
                Instant.parse("2028-02-25T00:00:00Z"));

        assertThat(requests.request(caller.projectId(), stereo.requestId())).hasValueSatisfying(found ->
                assertThat(found.usage()).isEqualTo(stereo.usage()));
        assertThat(requests.request(caller.projectId(), untagged.requestId())).hasValueSatisfying(found ->
                assertThat(found.usage().tags()).isEmpty());
        assertThat(ids(all.withTags("team-a"))).containsExactly(failed.requestId(), stereo.requestId());
        assertThat(ids(all.withTags("team-b", "tag-0"))).containsExactly(mono.requestId(), stereo.requestId());
        assertThat(ids(all.withTags("team"))).as("a whole tag, never a part of one").isEmpty();
        assertThat(ids(all.withTags("o'neil \"模型\" 🎵", "x' OR '1'='1"))).containsExactly(stereo.requestId());
        assertThat(ids(all.withTags("%"))).isEmpty();
        assertThat(ids(all.withTags("Team-A"))).as("tags are compared exactly").isEmpty();

        assertThat(requests.usage(day, Set.of())).extracting(RequestLog.Totals::requests,
                RequestLog.Totals::inputAudioMs, RequestLog.Totals::allChannelsMs)
                .containsExactly(tuple(3L, 3_000L, 9_000L));
        assertThat(requests.usage(day.withTags("team-a"), Set.of())).extracting(RequestLog.Totals::requests,
                RequestLog.Totals::allChannelsMs).containsExactly(tuple(1L, 2_000L));
        assertThat(requests.usage(day, Set.of(RequestLog.Grouping.TAGS)))
                .extracting(RequestLog.Totals::tags, RequestLog.Totals::requests)
                .containsExactlyInAnyOrder(tuple(ten, 1L), tuple(List.of("team-b"), 1L), tuple(List.of(), 1L));

        RequestLog.Fields fields = requests.fields(caller.projectId(), day.start(), day.end());
        assertThat(fields.languages()).as("billed requests only").containsExactly("de", "en-US");
        assertThat(fields.tags()).hasSize(11).contains("team-a", "team-b", longest)
                .isSorted();
        assertThat(fields.models()).containsExactly(new RequestLog.Model("stt", null));
        UsageRecord german = withModel(withUsage(startingAt(caller, 200, "sync", t.plusSeconds(4)), 1, "de", List.of()),
                "stt-de");
        ledger.record(german);
        assertThat(requests.fields(caller.projectId(), day.start(), day.end()).models())
                .as("a model served in one language names it").contains(new RequestLog.Model("stt-de", "de"));
    }

    private static UsageRecord withUsage(UsageRecord record, int channels, String language, List<String> tags) {
        Usage usage = record.usage();
        return withUsage(record, new Usage(usage.model(), usage.inputTextTokens(), usage.inputAudioTokens(),
                usage.inputAudioDurationMs(), usage.outputTextTokens(), usage.outputAudioTokens(),
                usage.outputAudioDurationMs(), channels, language, tags));
    }

    private static UsageRecord withUsage(UsageRecord record, Usage usage) {
        return new UsageRecord(record.requestId(), record.correlationId(), record.caller(), record.requestScope(),
                record.endpoint(), record.method(), record.statusCode(), record.clientReferenceId(), record.startTime(),
                record.endTime(), usage, record.costs());
    }

    private static UsageRecord withModel(UsageRecord record, String model) {
        return withUsage(record, record.usage().withModel(model));
    }

    private List<UUID> ids(RequestLog.Filter filter) {
        return requests.requests(filter, 100, 0).stream().map(UsageRecord::requestId).toList();
    }

    private static UsageRecord startingAt(Caller caller, int status, String method, Instant start) {
        return new UsageRecord(UUID.randomUUID(), "corr", caller, "transcribe_async", "/v1/transcriptions", method,
                status, null, start, start.plusMillis(1_500), new Usage("stt", 0, 0, 1_000, 3, 0, 0),
                status == 200 ? new Costs(BigDecimal.ZERO, new BigDecimal("0.000300"), BigDecimal.ZERO, BigDecimal.ZERO)
                        : Costs.ZERO);
    }

    private static UsageRecord priced(Caller caller, int status, String model, Instant end, String inputAudioCost) {
        return new UsageRecord(UUID.randomUUID(), null, caller, "transcribe_async", "/v1/transcriptions", "sync",
                status, null, end.minusSeconds(1), end, new Usage(model, 0, 0, 1_000, 0, 0, 0),
                new Costs(BigDecimal.ZERO, new BigDecimal(inputAudioCost), BigDecimal.ZERO, BigDecimal.ZERO));
    }

    private List<UsageLog.Entry> pageThrough(UsageLog.Query query) {
        List<UsageLog.Entry> all = new ArrayList<>();
        UsageLog.Page page = log.entries(query);
        all.addAll(page.entries());
        while (page.next() != null) {
            assertThat(page.entries()).hasSize(query.limit());
            assertThat(all).as(PAGING_FOREVER).hasSizeLessThan(MAX_PAGED);
            page = log.entries(query.after(page.next()));
            all.addAll(page.entries());
        }
        return all;
    }

    private UsageRecord endingAt(Caller caller, int statusCode, Instant end) {
        return new UsageRecord(UUID.randomUUID(), null, caller, "transcribe_async", "/v1/transcriptions", "sync",
                statusCode, null, end.minusSeconds(1), end, new Usage("stt", 0, 0, 1_000, 3, 0, 0), Costs.ZERO);
    }

    private UsageRecord usageRecord(Caller caller, int statusCode) {
        return new UsageRecord(TimeOrderedIds.at(clock.instant()), "correlation", caller, "transcribe_async",
                "/v1/transcriptions", "async", statusCode, null, START.minusSeconds(3), START,
                new Usage("stt-async-v3", 0, 0, 3_000, 12, 0, 0),
                new Costs(BigDecimal.ZERO, new BigDecimal("0.000300"), new BigDecimal("0.000012"), BigDecimal.ZERO));
    }

    private Caller newCaller() {
        Tenant tenant = newTenant(Limits.none(), Limits.none());
        CreatedKey key = admin.createKey(tenant.project(), "backend");
        return directory.findByHash(ApiKeys.hash(key.secret())).orElseThrow();
    }

    private Tenant newTenant(Limits organizationLimits, Limits projectLimits) {
        UUID organization = admin.createOrganization(unique("Acme"), organizationLimits);
        UUID project = admin.createProject(organization, "app", projectLimits);
        return new Tenant(organization, project);
    }

    /** The store keeps its rows between tests of a class, so names carry a random part. */
    private static String unique(String name) {
        return name + " " + UUID.randomUUID();
    }

    private record Tenant(UUID organization, UUID project) {
    }

    /** Records every entry from {@code threads} threads, all released at once, and waits for every one. */
    private void recordAllAtOnce(int threads, List<UsageRecord> records) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (UsageRecord record : records) {
                writes.add(pool.submit(() -> {
                    start.await();
                    ledger.record(record);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
