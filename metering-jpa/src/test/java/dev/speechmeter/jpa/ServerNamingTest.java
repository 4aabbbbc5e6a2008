package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.Map;
import javax.naming.NameNotFoundException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code speechmeter.datasource} finds the data source it names, or fails the start saying which
 * name and setting; the server's standard objects are found by their standard names.
 */
class ServerNamingTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    @Test
    void findsTheDataSourceBoundToTheName() {
        assertThat(ServerNaming.find(TestNaming.of(Map.of("java:jboss/datasources/SpeechmeterDS", dataSource)),
                "java:jboss/datasources/SpeechmeterDS")).isSameAs(dataSource);
    }

    @Test
    void aNameBoundToNothingFailsNamingTheSettingAndTheName() {
        assertThatThrownBy(() -> ServerNaming.find(TestNaming.of(Map.of("java:comp/DefaultDataSource", dataSource)),
                "java:jboss/datasources/Missing"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value 'java:jboss/datasources/Missing' for speechmeter.datasource: "
                        + "expected the JNDI name of the data source Speechmeter keeps its tables in")
                .hasCauseInstanceOf(NameNotFoundException.class);
    }

    @Test
    void aNameBoundToSomethingElseFailsSayingWhat() {
        Map<String, Object> bound = new HashMap<>();
        bound.put("java:app/AppName", "speech");
        bound.put("java:comp/env/jdbc/Unset", null);

        assertThatThrownBy(() -> ServerNaming.find(TestNaming.of(bound), "java:app/AppName"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'java:app/AppName' for speechmeter.datasource")
                .hasMessageEndingWith("it names a java.lang.String");
        assertThatThrownBy(() -> ServerNaming.find(TestNaming.of(bound), "java:comp/env/jdbc/Unset"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageEndingWith("it names null");
    }

    @Test
    void theServersStandardObjectsAreLookedUpByTheirNames() {
        TestNaming.install();
        try {
            TestNaming.bind(ServerNaming.APPLICATION_NAME, "speech");

            assertThat(ServerNaming.standard(ServerNaming.APPLICATION_NAME, String.class)).isEqualTo("speech");
            assertThatThrownBy(() -> ServerNaming.standard(ServerNaming.TRANSACTION_REGISTRY,
                    TransactionSynchronizationRegistry.class))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("look up java:comp/TransactionSynchronizationRegistry");
        } finally {
            TestNaming.unbindAll();
        }
    }
}
