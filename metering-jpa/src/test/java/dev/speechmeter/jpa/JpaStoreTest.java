package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.TenantAdmin;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageLog;
import dev.speechmeter.cdi.MeteringConfigProducer;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** The wiring a server sees: resources in, schema migrated at start, the three SPIs out. */
@EnableWeld
class JpaStoreTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    {
        dataSource.setURL("jdbc:h2:mem:cdi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(JpaStore.class, MeteringConfigProducer.class)
            .activate(ApplicationScoped.class)
            .setPersistenceUnitFactory(injectionPoint -> untouched(EntityManagerFactory.class))
            .bindResource("java:comp/DefaultDataSource", dataSource)
            .bindResource("java:comp/UserTransaction", untouched(UserTransaction.class))
            .bindResource("java:comp/TransactionSynchronizationRegistry", untouched(TransactionSynchronizationRegistry.class))
            .bindResource("java:comp/DefaultManagedThreadFactory", threadFactory())
            .build();

    @Test
    void migratesTheSchemaWhenTheApplicationStarts() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "sm_usage_entry".toUpperCase(), null)) {
            assertThat(tables.next()).isTrue();
        }
    }

    @Test
    void producesTheStoreInterfaces() {
        assertThat(weld.select(KeyDirectory.class).isResolvable()).isTrue();
        assertThat(weld.select(UsageLedger.class).isResolvable()).isTrue();
        assertThat(weld.select(UsageLog.class).isResolvable()).isTrue();
        assertThat(weld.select(TenantAdmin.class).isResolvable()).isTrue();
        assertThat(weld.select(KeyDirectory.class).get()).isNotNull();
    }

    /** What the server's default managed thread factory does, for the usage writer. */
    private static ManagedThreadFactory threadFactory() {
        return (ManagedThreadFactory) Proxy.newProxyInstance(ManagedThreadFactory.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class}, (self, method, args) -> switch (method.getName()) {
                    case "newThread" -> new Thread((Runnable) args[0]);
                    case "toString" -> "test thread factory";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Nothing may call these while the application starts: no transaction exists yet. */
    private static <T> T untouched(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getName().equals("toString")) {
                return "untouched " + type.getSimpleName();
            }
            throw new AssertionError(type.getSimpleName() + "." + method.getName() + " was called");
        }));
    }
}
