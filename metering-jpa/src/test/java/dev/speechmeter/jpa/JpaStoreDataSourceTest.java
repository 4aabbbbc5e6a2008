package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.cdi.MeteringConfigProducer;
import dev.speechmeter.spi.UsageLedger;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code speechmeter.datasource} set, the store keeps its tables in the data source it names, not the default one. */
@EnableWeld
class JpaStoreDataSourceTest {

    private static final String NAME = "java:jboss/datasources/SpeechmeterDS";

    private final JdbcDataSource defaultDataSource = h2();
    private final JdbcDataSource named = h2();

    {
        TestNaming.bindServer(defaultDataSource, "jpa-store-data-source-test");
        TestNaming.bind(NAME, named);
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(JpaStore.class, MeteringConfigProducer.class)
            .activate(ApplicationScoped.class)
            .build();

    @BeforeAll
    static void setDataSource() {
        System.setProperty(StoreSettings.DATA_SOURCE, NAME);
    }

    @AfterAll
    static void clearDataSource() {
        System.clearProperty(StoreSettings.DATA_SOURCE);
    }

    @AfterEach
    void unbind() {
        TestNaming.unbindAll();
    }

    @Test
    void theTablesAreMadeInTheNamedDataSourceOnly() throws SQLException {
        weld.select(UsageLedger.class).get();

        assertThat(hasUsageTable(named)).isTrue();
        assertThat(hasUsageTable(defaultDataSource)).isFalse();
    }

    private static boolean hasUsageTable(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "SM_USAGE_ENTRY", null)) {
            return tables.next();
        }
    }

    private static JdbcDataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:named-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
