package dev.speechmeter.jpa;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * Runs a piece of work with an entity manager inside a transaction, so the same repository code
 * runs under JTA in a server ({@link JtaTransactions}) and with resource-local transactions
 * elsewhere ({@link ResourceLocalTransactions}).
 *
 * <pre>{@code
 * Transactions transactions = new ResourceLocalTransactions(entityManagerFactory);
 * Object one = transactions.inTransaction(em -> em.createNativeQuery("select 1").getSingleResult());
 * }</pre>
 *
 * <p>The work commits when it returns and rolls back when it throws; a runtime exception
 * reaches the caller unchanged.
 */
@FunctionalInterface
public interface Transactions {

    <T> T inTransaction(Function<EntityManager, T> work);
}
