package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link JtaTransactions} drives a JTA transaction, seen through fakes that write down each call. */
class JtaTransactionsTest {

    private final List<String> calls = new ArrayList<>();
    private final FakeUserTransaction userTransaction = new FakeUserTransaction();
    private final JtaTransactions transactions =
            new JtaTransactions(entityManagerFactory(), userTransaction, registry());

    @Test
    void beginsAndCommitsWhenTheThreadHasNoTransaction() {
        String result = transactions.inTransaction(em -> {
            calls.add("work");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(calls).containsExactly("begin", "joinTransaction", "work", "flush", "close", "commit");
    }

    @Test
    void joinsTheCallersTransactionAndLeavesItsEndToTheCaller() {
        userTransaction.status = Status.STATUS_ACTIVE;

        transactions.inTransaction(em -> calls.add("work"));

        assertThat(calls).containsExactly("joinTransaction", "work", "flush", "close");
    }

    @Test
    void rollsBackItsOwnTransactionAndRethrowsTheSameException() {
        IllegalArgumentException failure = new IllegalArgumentException("no such project");

        Throwable thrown = catchThrowable(() -> transactions.inTransaction(em -> {
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(calls).containsExactly("begin", "joinTransaction", "close", "rollback");
    }

    @Test
    void leavesTheCallersTransactionAloneWhenTheWorkFails() {
        userTransaction.status = Status.STATUS_ACTIVE;
        IllegalStateException failure = new IllegalStateException("broken");

        Throwable thrown = catchThrowable(() -> transactions.inTransaction(em -> {
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(calls).containsExactly("joinTransaction", "close");
    }

    @Test
    void aCommitThatFailsIsAPersistenceException() {
        userTransaction.failCommit = true;

        assertThatThrownBy(() -> transactions.inTransaction(em -> "done"))
                .isInstanceOf(PersistenceException.class)
                .hasCauseInstanceOf(RollbackException.class);
    }

    private EntityManagerFactory entityManagerFactory() {
        EntityManager em = recording(EntityManager.class);
        return (EntityManagerFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EntityManagerFactory.class}, (self, method, args) -> {
                    if (method.getName().equals("createEntityManager")) {
                        return em;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private TransactionSynchronizationRegistry registry() {
        return (TransactionSynchronizationRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransactionSynchronizationRegistry.class}, (self, method, args) -> {
                    if (method.getName().equals("getTransactionStatus")) {
                        return userTransaction.status;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Writes down every call; answers none of them with anything. */
    private <T> T recording(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    calls.add(method.getName());
                    return null;
                }));
    }

    private final class FakeUserTransaction implements UserTransaction {

        int status = Status.STATUS_NO_TRANSACTION;
        boolean failCommit;

        @Override
        public void begin() {
            calls.add("begin");
            status = Status.STATUS_ACTIVE;
        }

        @Override
        public void commit() throws RollbackException {
            status = Status.STATUS_NO_TRANSACTION;
            if (failCommit) {
                throw new RollbackException("marked for rollback");
            }
            calls.add("commit");
        }

        @Override
        public void rollback() {
            calls.add("rollback");
            status = Status.STATUS_NO_TRANSACTION;
        }

        @Override
        public void setRollbackOnly() {
            status = Status.STATUS_MARKED_ROLLBACK;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void setTransactionTimeout(int seconds) {
            throw new UnsupportedOperationException("setTransactionTimeout");
        }
    }
}
