package dev.speechmeter.jpa;

import dev.speechmeter.internal.engine.TimeOrderedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.speechmeter.cdi.MeteringConfigProducer;
import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.RequestLog;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageLog;
import dev.speechmeter.spi.UsageRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.jboss.weld.proxy.WeldClientProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wiring a server sees: resources in, the default data source looked up by its name, schema
 * migrated at start, the SPIs out.
 */
@EnableWeld
class JpaStoreTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final AtomicInteger threadsMade = new AtomicInteger();

    {
        dataSource.setURL("jdbc:h2:mem:cdi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        TestNaming.bindServer(dataSource, "jpa-store-test", threadsMade::incrementAndGet);
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(JpaStore.class, MeteringConfigProducer.class)
            .activate(ApplicationScoped.class)
            .build();

    @Test
    void migratesTheSchemaWhenTheApplicationStarts() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "sm_usage_entry".toUpperCase(), null)) {
            assertThat(tables.next()).isTrue();
        }
    }

    @AfterEach
    void unbind() {
        TestNaming.unbindAll();
    }

    @Test
    void producesTheStoresOverTheDeploymentsDatabase() {
        assertThat(instance(KeyDirectory.class)).isExactlyInstanceOf(JpaKeyDirectory.class);
        assertThat(instance(UsageLedger.class)).isExactlyInstanceOf(BatchingLedger.class);
        assertThat(instance(UsageLog.class)).isExactlyInstanceOf(JdbcUsageLog.class);
        assertThat(instance(RequestLog.class)).isExactlyInstanceOf(JdbcRequestLog.class);
        assertThat(instance(CapacityLedger.class)).isExactlyInstanceOf(JdbcCapacityLedger.class);
        assertThat(instance(TenantAdmin.class)).isExactlyInstanceOf(JpaTenantAdmin.class);
    }

    @Test
    void theLedgerWritesOnTheContainersThreadsAndTheEntryIsCommittedWhenRecordReturns() {
        assertThat(threadsMade).as("a thread per usage writer, one pruning idempotency keys, all from the container")
                .hasValue(3);
        Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                Limits.none());
        Instant end = Instant.parse("2028-02-29T23:59:59.123456Z");
        UsageRecord record = new UsageRecord(TimeOrderedIds.at(end), null, caller, "transcribe_async", "/v1/transcriptions",
                "sync", 200, "order-7", end.minusSeconds(2), end, new Usage("stt-async", 0, 0, 2_000, 12, 0, 0),
                Costs.ZERO);

        weld.select(UsageLedger.class).get().record(record);

        UsageLog.Page page = weld.select(UsageLog.class).get().entries(new UsageLog.Query(caller.projectId(),
                end.minusSeconds(60), end.plusSeconds(60), 10, false, null, null));
        assertThat(page.entries()).extracting(UsageLog.Entry::uuid, UsageLog.Entry::clientReferenceId,
                UsageLog.Entry::endTime).containsExactly(tuple(record.requestId(), "order-7", end));
        assertThat(threadsMade).hasValue(3);
    }

    /** The object behind the container's proxy of {@code type}. */
    private Object instance(Class<?> type) {
        return ((WeldClientProxy) weld.select(type).get()).getMetadata().getContextualInstance();
    }
}
