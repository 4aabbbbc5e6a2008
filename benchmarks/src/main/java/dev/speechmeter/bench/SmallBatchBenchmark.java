package dev.speechmeter.bench;

import dev.speechmeter.jpa.JdbcUsageWriter;
import dev.speechmeter.jpa.SchemaMigrator;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The writer's own cost per batch on H2, as the sample runs on WildFly's default data source (a
 * file-backed H2 behind a pool): one thread writes batches of a few new entries of one project
 * through the real {@link JdbcUsageWriter}, each batch a transaction with its daily totals, and
 * the CPU time of that thread is counted per batch and per entry.
 *
 * <pre>
 * bash benchmarks/scripts/small-batches.sh [entries-per-batch] [seconds] [rounds]
 * </pre>
 */
public final class SmallBatchBenchmark {

    private static final Caller CALLER = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none(), Limits.none());

    private SmallBatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Duration length = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path directory = Files.createTempDirectory("speechmeter-h2");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:" + directory.resolve("usage")
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "sa");
        try {
            SchemaMigrator.migrate(pool);
            JdbcUsageWriter writer = new JdbcUsageWriter(pool);
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (int round = 1; round <= rounds; round++) {
                long batches = 0;
                long cpuStart = cpu.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long deadline = start + length.toNanos();
                while (System.nanoTime() < deadline) {
                    List<UsageRecord> batch = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        batch.add(record());
                    }
                    writer.writeAll(batch);
                    batches++;
                }
                double cpuMicros = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e3 / batches;
                double wallMicros = (System.nanoTime() - start) / 1e3 / batches;
                System.out.printf(Locale.ROOT, "round %d: batches of %d on file-backed H2: %.0f batches/s, "
                        + "%.1f us CPU a batch (%.1f us an entry), %.1f us wall a batch%n", round, size,
                        batches / (length.toNanos() / 1e9), cpuMicros, cpuMicros / size, wallMicros);
            }
        } finally {
            pool.dispose();
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    private static UsageRecord record() {
        Instant end = Instant.now();
        return new UsageRecord(UUID.randomUUID(), "corr", CALLER, "tts", "/tts", "POST", 200, null,
                end.minusMillis(300), end, new Usage("tts-sample", 12, 0, 0, 0, 0, 2_000),
                new Costs(new BigDecimal("0.000012"), BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("0.000030")),
                null);
    }
}
