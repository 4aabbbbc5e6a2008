package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResourceLocalTransactionsTest {

    private static final Instant NOW = Instant.parse("2028-02-29T23:59:59.999Z");

    private static EntityManagerFactory entityManagerFactory;
    private static Transactions transactions;

    @BeforeAll
    static void open() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:transactions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(dataSource);
        entityManagerFactory = TestPersistence.open(dataSource);
        transactions = new ResourceLocalTransactions(entityManagerFactory);
    }

    @AfterAll
    static void close() {
        entityManagerFactory.close();
    }

    @Test
    void commitsWhatTheWorkWrote() {
        UUID id = UUID.randomUUID();

        transactions.inTransaction(em -> {
            em.persist(new OrganizationEntity(id, "kept " + id, NOW));
            return null;
        });

        assertThat(isStored(id)).isTrue();
    }

    @Test
    void rollsBackAndRethrowsTheSameException() {
        UUID id = UUID.randomUUID();
        IllegalStateException failure = new IllegalStateException("broken");

        Throwable thrown = catchThrowable(() -> transactions.inTransaction(em -> {
            em.persist(new OrganizationEntity(id, "lost " + id, NOW));
            em.flush();
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(isStored(id)).isFalse();
    }

    private static boolean isStored(UUID id) {
        return transactions.inTransaction(em -> em.find(OrganizationEntity.class, id) != null);
    }
}
