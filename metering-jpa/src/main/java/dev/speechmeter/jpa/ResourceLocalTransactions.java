package dev.speechmeter.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@link Transactions} for a persistence unit whose transaction type is {@code RESOURCE_LOCAL}:
 * outside a server, or in tests. Each call gets a fresh entity manager and its own transaction.
 *
 * <pre>{@code
 * EntityManagerFactory factory = Persistence.createEntityManagerFactory("orders");   // a RESOURCE_LOCAL unit
 * Transactions transactions = new ResourceLocalTransactions(factory);
 * long orders = transactions.inTransaction(em ->
 *         em.createQuery("select count(o) from Order o", Long.class).getSingleResult());
 * }</pre>
 *
 * <p>{@link JpaBackends#resourceLocal} makes one over Speechmeter's own unit.
 */
public final class ResourceLocalTransactions implements Transactions {

    private final EntityManagerFactory entityManagerFactory;

    public ResourceLocalTransactions(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = entityManagerFactory.createEntityManager();
        try {
            EntityTransaction transaction = em.getTransaction();
            transaction.begin();
            T result;
            try {
                result = work.apply(em);
            } catch (RuntimeException | Error failure) {
                rollBack(transaction, failure);
                throw failure;
            }
            transaction.commit();
            return result;
        } finally {
            em.close();
        }
    }

    private static void rollBack(EntityTransaction transaction, Throwable failure) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
