package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The sample stores in the database its test execution names: WildFly's H2 for the single-server
 * tests, PostgreSQL for the execution that runs the database-heavy tests again on it. Without this,
 * a server configuration that fell back to H2 would leave the PostgreSQL execution green and
 * meaningless.
 */
class DatabaseIT extends SampleIT {

    @Test
    void theSampleStoresInTheDatabaseOfThisExecution() {
        assertThat(client.databaseProduct()).isEqualTo(System.getProperty("it.database.product", "H2"));
    }
}
