package dev.speechmeter.jpa;

import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link UsageLedger} that writes one {@code sm_usage_entry} row per record, in its own
 * transaction (or the caller's JTA transaction, when there is one). The request id is the
 * row's key: a record written again is stored once, and the repeat returns normally. Inside a
 * caller's transaction a duplicate written at the same moment by another thread still breaks
 * that transaction, so settle requests outside any transaction of your own.
 *
 * <pre>{@code
 * UsageLedger ledger = new JpaUsageLedger(transactions);
 * ledger.record(usageRecord);   // durable when this returns
 * }</pre>
 */
public final class JpaUsageLedger implements UsageLedger {

    private final Transactions transactions;

    public JpaUsageLedger(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public void record(UsageRecord record) {
        Objects.requireNonNull(record, "record");
        try {
            transactions.inTransaction(em -> {
                if (!isStored(record.requestId(), em)) {
                    em.persist(new UsageEntryEntity(record));
                    em.flush();
                }
                return null;
            });
        } catch (PersistenceException failure) {
            // Two writers of one request id can both find it absent; the loser's insert breaks the key.
            if (!storedAfter(record.requestId(), failure)) {
                throw failure;
            }
        }
    }

    private boolean storedAfter(UUID requestId, PersistenceException failure) {
        try {
            return transactions.inTransaction(em -> isStored(requestId, em));
        } catch (RuntimeException lookupFailure) {
            failure.addSuppressed(lookupFailure);
            return false;
        }
    }

    private static boolean isStored(UUID requestId, EntityManager em) {
        return !em.createQuery("select e.id from UsageEntryEntity e where e.id = :id", UUID.class)
                .setParameter("id", requestId)
                .getResultList()
                .isEmpty();
    }
}
