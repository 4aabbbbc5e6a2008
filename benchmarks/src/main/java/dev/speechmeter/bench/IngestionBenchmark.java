package dev.speechmeter.bench;

import dev.speechmeter.Durability;
import dev.speechmeter.internal.engine.BatchingLedger;
import dev.speechmeter.jpa.JdbcUsageWriter;
import dev.speechmeter.jpa.SchemaMigrator;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Usage ingestion into a real PostgreSQL with {@code sync} durability: many request threads each
 * recording entries through the group-commit {@link BatchingLedger}, over a pool of connections
 * as in a server, next to two baselines of the same rows written by one thread, {@value #BATCH} a
 * transaction, with no duplicate check and no daily totals, in the same run: raw JDBC batches of
 * plain {@code INSERT}s, and a raw {@code COPY ... FROM STDIN} (the most this machine can take).
 *
 * <pre>
 * bash benchmarks/scripts/ingestion.sh [request-threads] [seconds] [writers,...] [projects] [labeled] [organizations]
 *      [max-batches,...]
 * </pre>
 *
 * Entries belong to one of {@code projects} projects (default 1) of {@code organizations}
 * organizations (default 1), so a batch adds to that many daily totals; with {@code labeled}
 * ({@code true}), every entry also carries capacity labels, so each batch debits their consumption
 * rows too. Each of {@code max-batches} (default 2,000) is measured with each writer count.
 */
public final class IngestionBenchmark {

    private static final Caller CALLER = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none());
    private static final int BATCH = 500;
    /** The columns both baselines write: those a speech-to-text entry fills (the rest keep their defaults). */
    private static final String COLUMNS = "uuid, organization_id, project_id, api_key_id, correlation_id, "
            + "request_scope, endpoint, method, status_code, billable, client_reference_id, model, start_time, "
            + "end_time, input_text_tokens, input_audio_tokens, input_audio_duration_ms, output_text_tokens, "
            + "output_audio_tokens, output_audio_duration_ms, cost_usd, input_cost_usd, input_text_cost_usd, "
            + "input_audio_cost_usd, output_cost_usd, output_text_cost_usd, output_audio_cost_usd";
    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");

    private static Caller[] callers = {CALLER};
    private static LabelSet labels;

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration length = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int[] writerCounts = Arrays.stream((args.length > 2 ? args[2] : "1,2,4").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int projects = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        labels = args.length > 4 && Boolean.parseBoolean(args[4]) ? STT : null;
        int organizations = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        int[] maxBatches = Arrays.stream((args.length > 6 ? args[6] : "2000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        UUID[] organizationIds = new UUID[organizations];
        for (int o = 0; o < organizations; o++) {
            organizationIds[o] = o == 0 ? CALLER.organizationId() : UUID.randomUUID();
        }
        callers = new Caller[projects];
        for (int p = 0; p < projects; p++) {
            callers[p] = new Caller(UUID.randomUUID(), UUID.randomUUID(), organizationIds[p % organizations],
                    Limits.none(), Limits.none());
        }
        System.out.println("entries " + (labels == null ? "without" : "with") + " capacity labels, spread over "
                + projects + " project(s) of " + organizations + " organization(s)");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            SchemaMigrator.migrate(dataSource);
            // Pooled, as a server's data source is: a batch does not pay for a new connection.
            JdbcUsageWriter writer = new JdbcUsageWriter(new PooledConnections(dataSource));
            for (int round = 0; round < 2; round++) {
                double raw = rawBatches(dataSource, length);
                System.out.printf(Locale.ROOT, "round %d: raw JDBC batches %.0f entries/s%n", round + 1, raw);
                double copy = rawCopy(dataSource, length);
                System.out.printf(Locale.ROOT, "round %d: raw COPY %.0f entries/s, %.2f of raw batches%n", round + 1,
                        copy, copy / raw);
                for (int writers : writerCounts) {
                    for (int maxBatch : maxBatches) {
                        double ledger = groupCommit(writer, threads, writers, maxBatch, length);
                        System.out.printf(Locale.ROOT, "round %d: sync group commit from %d threads, %d writers, "
                                + "batches of up to %d: %.0f entries/s, %.2f of raw batches, %.2f of raw COPY%n",
                                round + 1, threads, writers, maxBatch, ledger, ledger / raw, ledger / copy);
                    }
                }
            }
        }
    }

    /** Baseline: one thread, plain inserts in JDBC batches of {@value #BATCH}, one transaction each. */
    private static double rawBatches(DataSource dataSource, Duration length) throws SQLException {
        String insert = "INSERT INTO sm_usage_entry (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        long deadline = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        long written = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(insert)) {
            connection.setAutoCommit(false);
            while (System.nanoTime() < deadline) {
                for (int n = 0; n < BATCH; n++) {
                    UsageRecord r = record();
                    int i = 0;
                    statement.setObject(++i, r.requestId());
                    statement.setObject(++i, r.caller().organizationId());
                    statement.setObject(++i, r.caller().projectId());
                    statement.setObject(++i, r.caller().apiKeyId());
                    statement.setString(++i, r.correlationId());
                    statement.setString(++i, r.requestScope());
                    statement.setString(++i, r.endpoint());
                    statement.setString(++i, r.method());
                    statement.setInt(++i, r.statusCode());
                    statement.setBoolean(++i, r.billable());
                    statement.setString(++i, r.clientReferenceId());
                    statement.setString(++i, r.usage().model());
                    statement.setObject(++i, OffsetDateTime.ofInstant(r.startTime(), ZoneOffset.UTC));
                    statement.setObject(++i, OffsetDateTime.ofInstant(r.endTime(), ZoneOffset.UTC));
                    statement.setLong(++i, r.usage().inputTextTokens());
                    statement.setLong(++i, r.usage().inputAudioTokens());
                    statement.setLong(++i, r.usage().inputAudioDurationMs());
                    statement.setLong(++i, r.usage().outputTextTokens());
                    statement.setLong(++i, r.usage().outputAudioTokens());
                    statement.setLong(++i, r.usage().outputAudioDurationMs());
                    statement.setBigDecimal(++i, r.costs().costUsd());
                    statement.setBigDecimal(++i, r.costs().inputCostUsd());
                    statement.setBigDecimal(++i, r.costs().inputTextCostUsd());
                    statement.setBigDecimal(++i, r.costs().inputAudioCostUsd());
                    statement.setBigDecimal(++i, r.costs().outputCostUsd());
                    statement.setBigDecimal(++i, r.costs().outputTextCostUsd());
                    statement.setBigDecimal(++i, r.costs().outputAudioCostUsd());
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
                written += BATCH;
            }
        }
        return written / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The physical limit: one thread streaming the same rows with {@code COPY ... FROM STDIN} (text
     * format), {@value #BATCH} a transaction, with no duplicate check and no daily totals.
     */
    private static double rawCopy(DataSource dataSource, Duration length) throws SQLException, IOException {
        String copy = "COPY sm_usage_entry (" + COLUMNS + ") FROM STDIN";
        long deadline = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        long written = 0;
        StringBuilder rows = new StringBuilder(BATCH * 400);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            CopyManager copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
            while (System.nanoTime() < deadline) {
                rows.setLength(0);
                for (int n = 0; n < BATCH; n++) {
                    UsageRecord r = record();
                    rows.append(r.requestId()).append('\t').append(r.caller().organizationId()).append('\t')
                            .append(r.caller().projectId()).append('\t').append(r.caller().apiKeyId()).append('\t')
                            .append(r.correlationId()).append('\t').append(r.requestScope()).append('\t')
                            .append(r.endpoint()).append('\t').append(r.method()).append('\t')
                            .append(r.statusCode()).append('\t').append(r.billable() ? 't' : 'f').append('\t')
                            .append(r.clientReferenceId() == null ? "\\N" : r.clientReferenceId()).append('\t')
                            .append(r.usage().model()).append('\t').append(r.startTime()).append('\t')
                            .append(r.endTime()).append('\t').append(r.usage().inputTextTokens()).append('\t')
                            .append(r.usage().inputAudioTokens()).append('\t')
                            .append(r.usage().inputAudioDurationMs()).append('\t')
                            .append(r.usage().outputTextTokens()).append('\t')
                            .append(r.usage().outputAudioTokens()).append('\t')
                            .append(r.usage().outputAudioDurationMs()).append('\t')
                            .append(r.costs().costUsd().toPlainString()).append('\t')
                            .append(r.costs().inputCostUsd().toPlainString()).append('\t')
                            .append(r.costs().inputTextCostUsd().toPlainString()).append('\t')
                            .append(r.costs().inputAudioCostUsd().toPlainString()).append('\t')
                            .append(r.costs().outputCostUsd().toPlainString()).append('\t')
                            .append(r.costs().outputTextCostUsd().toPlainString()).append('\t')
                            .append(r.costs().outputAudioCostUsd().toPlainString()).append('\n');
                }
                byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                copyManager.copyIn(copy, new ByteArrayInputStream(bytes), bytes.length);
                connection.commit();
                written += BATCH;
            }
        }
        return written / ((System.nanoTime() - start) / 1e9);
    }

    /** Request threads in a closed loop, each waiting for its entry to be committed. */
    private static double groupCommit(JdbcUsageWriter writer, int threads, int writers, int maxBatch,
                                      Duration length)
            throws InterruptedException {
        LongAdder written = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (BatchingLedger ledger = BatchingLedger.writingTo(writer).writers(writers).durability(Durability.SYNC)
                .maxBatch(maxBatch).start()) {
            long deadline = System.nanoTime() + length.toNanos();
            CountDownLatch done = new CountDownLatch(threads);
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            ledger.record(record());
                            written.increment();
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
            return written.sum() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static UsageRecord record() {
        Instant end = Instant.now();
        Caller caller = callers[ThreadLocalRandom.current().nextInt(callers.length)];
        return new UsageRecord(UUID.randomUUID(), "corr", caller, "transcribe_async", "/v1/transcriptions", "sync", 200,
                null, end.minusSeconds(2), end, new Usage("stt-async-sample", 0, 0, 2_000, 12, 0, 0),
                new Costs(BigDecimal.ZERO, new BigDecimal("0.000056"), new BigDecimal("0.000018"), BigDecimal.ZERO),
                labels);
    }
}
