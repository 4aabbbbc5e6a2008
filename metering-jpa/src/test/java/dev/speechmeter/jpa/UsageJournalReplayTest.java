package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.internal.engine.UsageJournal;
import dev.speechmeter.spi.BillingPeriod;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.CapacityOwner;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries journaled while the database was down, replayed into the store when it is back, some
 * of them already written before it went down: the store ends as if each had been written once.
 */
class UsageJournalReplayTest {

    private static final LabelSet STT = new LabelSet("speech_to_text", "sample", "transcribe");
    private static final Instant LAST_OF_FEBRUARY = Instant.parse("2028-02-29T23:58:00Z");

    @TempDir
    Path dir;

    private final List<JdbcDataSource> databases = new ArrayList<>();

    @AfterEach
    void stopDatabases() throws SQLException {
        for (JdbcDataSource database : databases) {
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("shutdown");
            }
        }
    }

    @Test
    void aReplayOverEntriesAlreadyWrittenLeavesTheRowsTotalsAndDebitsOfWritingEachOnce() throws Exception {
        Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Limits.none(),
                Limits.none());
        List<UsageRecord> records = records(caller, 40);
        // As if the database had never been down: each record written once.
        JdbcDataSource reference = database(caller);
        new JdbcUsageWriter(reference).writeAll(records);

        JdbcDataSource recovered = database(caller);
        JdbcUsageWriter writer = new JdbcUsageWriter(recovered);
        // Some entries reached the database before it went down, though they were journaled as well.
        List<UsageRecord> direct = new ArrayList<>(records.subList(0, 5));
        for (int i = 5; i < records.size(); i += 3) {
            direct.add(records.get(i));
        }
        writer.writeAll(direct);
        try (UsageJournal journal = UsageJournal.open(dir, 1L << 20)) {
            for (int from = 0; from < records.size(); from += 4) {
                journal.append(records.subList(from, Math.min(records.size(), from + 4)));
            }
        }
        try (UsageJournal journal = UsageJournal.open(dir, 1L << 20)) {
            // The first batch commits but its answer is lost: the replay fails, and the next hands it over again.
            AtomicBoolean lost = new AtomicBoolean();
            UsageBatchWriter answerLost = batch -> {
                writer.writeAll(batch);
                if (lost.compareAndSet(false, true)) {
                    throw new IllegalStateException("connection reset");
                }
            };
            assertThatThrownBy(() -> journal.replay(answerLost, 7)).hasMessage("connection reset");
            assertThat(journal.replay(writer, 7)).isEqualTo(40);
            assertThat(journal.isEmpty()).isTrue();
        }

        assertThat(count(recovered, "select count(*) from sm_usage_entry")).isEqualTo(40);
        assertThat(count(recovered, "select count(distinct uuid) from sm_usage_entry")).isEqualTo(40);
        long billed = records.stream().filter(UsageRecord::billable).count();
        assertThat(count(recovered, "select sum(num_requests) from sm_usage_daily")).isEqualTo(billed);
        long debited = records.stream().mapToLong(UsageRecord::debitMs).sum();
        assertThat(debited).isPositive();
        assertThat(count(recovered, "select consumed_ms from sm_capacity_usage where period = 'all' and owner_id = '"
                + caller.projectId() + "'")).isEqualTo(debited);
        List<List<Object>> hours = rows(reference, "select * from sm_capacity_usage where period = 'hour'");
        assertThat(hours).as("the project's capacity of an hour has rows of hours").isNotEmpty();
        // Row for row, column for column, as if written once.
        assertThat(rows(recovered, "select * from sm_usage_entry order by uuid"))
                .isEqualTo(rows(reference, "select * from sm_usage_entry order by uuid"));
        assertThat(rows(recovered, "select * from sm_usage_daily order by project_id, usage_day, model"))
                .isEqualTo(rows(reference, "select * from sm_usage_daily order by project_id, usage_day, model"));
        String capacityRows = "select * from sm_capacity_usage"
                + " order by owner_id, technology, vendor, operation, period, period_start";
        assertThat(rows(recovered, capacityRows)).isEqualTo(rows(reference, capacityRows));
    }

    /**
     * Billed and failed, with labels and without, through a temporary key and not, on both sides
     * of midnight, with nulls and with every kind of character.
     */
    private static List<UsageRecord> records(Caller caller, int count) {
        TemporaryGrant grant = new TemporaryGrant(UUID.randomUUID(), caller.apiKeyId(), TemporaryGrant.ANY_USAGE,
                LAST_OF_FEBRUARY.plusSeconds(3_600), false, null, "bound-reference");
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean temporary = i % 4 == 1;
            Instant end = LAST_OF_FEBRUARY.plusSeconds(7L * i).plusNanos(123_456_000L);
            Usage usage = new Usage(i % 5 == 0 ? null : "stt-" + i % 2, i, 2L * i, 1_000L + i, 3L * i, i % 3,
                    i % 7);
            int status = i % 6 == 5 ? 503 : 200;
            Costs costs = status == 200 ? new Costs(BigDecimal.valueOf(i, 6), BigDecimal.valueOf(1_000L + i, 6),
                    new BigDecimal("0.000002"), BigDecimal.valueOf(7L * i, 6)) : Costs.ZERO;
            records.add(new UsageRecord(UUID.randomUUID(), i % 3 == 0 ? null : "corr-\u00e9\uD83D\uDE00-" + i,
                    temporary ? caller.through(grant) : caller, "transcribe_async", "/v1/transcriptions",
                    i % 2 == 0 ? "sync" : "streaming", status, temporary ? "bound-reference" : null,
                    end.minusMillis(1_500), end, usage, costs, i % 2 == 0 ? STT : null));
        }
        return records;
    }

    /** A fresh store whose project has a capacity of an hour on {@link #STT}. */
    private JdbcDataSource database(Caller caller) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:journal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        databases.add(database);
        SchemaMigrator.migrate(database);
        new JdbcCapacityLedger(database).setCapacity(CapacityOwner.project(caller.projectId()), STT,
                BillingPeriod.HOUR, Duration.ofHours(10));
        return database;
    }

    private static long count(JdbcDataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        }
    }

    private static List<List<Object>> rows(JdbcDataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            int columns = row.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (row.next()) {
                List<Object> values = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    values.add(row.getObject(column));
                }
                rows.add(values);
            }
            return rows;
        }
    }
}
