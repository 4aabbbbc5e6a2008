package dev.speechmeter.jpa;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads back what the store wrote, where the SPIs have no read side yet. */
final class StoredRows {

    private static final String USAGE_COLUMNS = "select e.id, e.organizationId, e.projectId, e.apiKeyId, e.correlationId,"
            + " e.requestScope, e.endpoint, e.method, e.statusCode, e.billable, e.clientReferenceId, e.model,"
            + " e.startTime, e.endTime, e.inputTextTokens, e.inputAudioTokens, e.inputAudioDurationMs,"
            + " e.outputTextTokens, e.outputAudioTokens, e.outputAudioDurationMs, e.costUsd, e.inputCostUsd,"
            + " e.inputTextCostUsd, e.inputAudioCostUsd, e.outputCostUsd, e.outputTextCostUsd, e.outputAudioCostUsd"
            + " from UsageEntryEntity e";

    private final Transactions transactions;

    StoredRows(Transactions transactions) {
        this.transactions = transactions;
    }

    List<StoredUsage> usageOfProject(UUID projectId) {
        return transactions.inTransaction(em -> em.createQuery(
                                USAGE_COLUMNS + " where e.projectId = :project order by e.endTime, e.id", Object[].class)
                        .setParameter("project", projectId)
                        .getResultList())
                .stream()
                .map(StoredUsage::of)
                .toList();
    }

    Optional<StoredUsage> usage(UUID requestId) {
        return transactions.inTransaction(em -> em.createQuery(USAGE_COLUMNS + " where e.id = :id", Object[].class)
                        .setParameter("id", requestId)
                        .getResultList())
                .stream()
                .map(StoredUsage::of)
                .findFirst();
    }

    StoredKey key(UUID apiKeyId) {
        Object[] row = transactions.inTransaction(em -> em.createQuery(
                        "select k.projectId, k.name, k.keyHash, k.keyPrefix, k.createdAt, k.revokedAt"
                                + " from ApiKeyEntity k where k.id = :id", Object[].class)
                .setParameter("id", apiKeyId)
                .getSingleResult());
        return new StoredKey((UUID) row[0], (String) row[1], (String) row[2], (String) row[3],
                (Instant) row[4], (Instant) row[5]);
    }

    record StoredKey(UUID projectId, String name, String keyHash, String keyPrefix, Instant createdAt,
                     Instant revokedAt) {
    }

    record StoredUsage(UUID requestId, UUID organizationId, UUID projectId, UUID apiKeyId, String correlationId,
                       String requestScope, String endpoint, String method, int statusCode, boolean billable,
                       String clientReferenceId, String model, Instant startTime, Instant endTime,
                       long inputTextTokens, long inputAudioTokens, long inputAudioDurationMs,
                       long outputTextTokens, long outputAudioTokens, long outputAudioDurationMs,
                       BigDecimal costUsd, BigDecimal inputCostUsd, BigDecimal inputTextCostUsd,
                       BigDecimal inputAudioCostUsd, BigDecimal outputCostUsd, BigDecimal outputTextCostUsd,
                       BigDecimal outputAudioCostUsd) {

        static StoredUsage of(Object[] row) {
            return new StoredUsage((UUID) row[0], (UUID) row[1], (UUID) row[2], (UUID) row[3], (String) row[4],
                    (String) row[5], (String) row[6], (String) row[7], (Integer) row[8], (Boolean) row[9],
                    (String) row[10], (String) row[11], (Instant) row[12], (Instant) row[13],
                    (Long) row[14], (Long) row[15], (Long) row[16], (Long) row[17], (Long) row[18], (Long) row[19],
                    (BigDecimal) row[20], (BigDecimal) row[21], (BigDecimal) row[22], (BigDecimal) row[23],
                    (BigDecimal) row[24], (BigDecimal) row[25], (BigDecimal) row[26]);
        }
    }
}
