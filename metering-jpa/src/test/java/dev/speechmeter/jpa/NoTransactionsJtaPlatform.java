package dev.speechmeter.jpa;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.Proxy;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformProvider;

/**
 * The JTA of the CDI tests of {@link JpaStore}, which open the {@code speechmeter} unit as a
 * server does (JTA) with no transaction manager in the JVM: there never is a transaction, so
 * Hibernate can read the database's metadata while the unit opens, and nothing else works.
 * Found by Hibernate through {@code META-INF/services}; units of the resource-local tests never
 * ask it anything.
 */
final class NoTransactionsJtaPlatform implements JtaPlatform {

    private final TransactionManager noTransactions = (TransactionManager) Proxy.newProxyInstance(
            TransactionManager.class.getClassLoader(), new Class<?>[] {TransactionManager.class},
            (self, method, args) -> switch (method.getName()) {
                case "getStatus" -> Status.STATUS_NO_TRANSACTION;
                case "suspend", "getTransaction" -> null;
                case "resume" -> null;
                case "toString" -> "no transactions";
                default -> throw new UnsupportedOperationException("no transactions in this test: " + method.getName());
            });

    @Override
    public TransactionManager retrieveTransactionManager() {
        return noTransactions;
    }

    @Override
    public UserTransaction retrieveUserTransaction() {
        throw new UnsupportedOperationException("no transactions in this test");
    }

    @Override
    public Object getTransactionIdentifier(Transaction transaction) {
        return transaction;
    }

    @Override
    public boolean canRegisterSynchronization() {
        return false;
    }

    @Override
    public void registerSynchronization(Synchronization synchronization) {
        throw new UnsupportedOperationException("no transactions in this test");
    }

    @Override
    public int getCurrentStatus() {
        return Status.STATUS_NO_TRANSACTION;
    }

    /** How Hibernate finds it. */
    public static final class Provider implements JtaPlatformProvider {

        @Override
        public JtaPlatform getProvidedJtaPlatform() {
            return new NoTransactionsJtaPlatform();
        }
    }
}
