package dev.speechmeter.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@link Transactions} for a JTA persistence unit in a Jakarta EE server. When the calling thread
 * already runs in a transaction, the work joins it and the caller's transaction decides the
 * outcome; otherwise this begins one, and commits or rolls it back.
 *
 * <pre>{@code
 * Transactions transactions = new JtaTransactions(entityManagerFactory, userTransaction, registry);
 * KeyDirectory directory = new JpaKeyDirectory(transactions, dataSource);
 * }</pre>
 *
 * <p>The status is read from the {@link TransactionSynchronizationRegistry}, which any component
 * may use, so that code running inside a container-managed EJB transaction never touches the
 * {@link UserTransaction}.
 */
public final class JtaTransactions implements Transactions {

    private final EntityManagerFactory entityManagerFactory;
    private final UserTransaction userTransaction;
    private final TransactionSynchronizationRegistry registry;

    public JtaTransactions(EntityManagerFactory entityManagerFactory, UserTransaction userTransaction,
                           TransactionSynchronizationRegistry registry) {
        this.entityManagerFactory = Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
        this.userTransaction = Objects.requireNonNull(userTransaction, "userTransaction");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        if (registry.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            return joined(work);
        }
        begin();
        T result;
        try {
            result = joined(work);
        } catch (RuntimeException | Error failure) {
            rollBack(failure);
            throw failure;
        }
        commit();
        return result;
    }

    private <T> T joined(Function<EntityManager, T> work) {
        EntityManager em = entityManagerFactory.createEntityManager();
        try {
            em.joinTransaction();
            T result = work.apply(em);
            // Flushing here makes a failed write fail this call, not some later commit.
            em.flush();
            return result;
        } finally {
            em.close();
        }
    }

    private void begin() {
        try {
            userTransaction.begin();
        } catch (NotSupportedException | SystemException e) {
            throw new PersistenceException("Could not begin a JTA transaction", e);
        }
    }

    private void commit() {
        try {
            userTransaction.commit();
        } catch (RollbackException | HeuristicMixedException | HeuristicRollbackException | SystemException e) {
            throw new PersistenceException("The JTA transaction did not commit", e);
        }
    }

    private void rollBack(Throwable failure) {
        try {
            userTransaction.rollback();
        } catch (SystemException | RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
