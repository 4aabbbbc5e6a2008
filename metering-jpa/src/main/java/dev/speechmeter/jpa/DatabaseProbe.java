package dev.speechmeter.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Asks the database whether it answers, and reads how far the tables are migrated, on a thread
 * of its own, so that whoever asks waits at most {@link #ANSWER_WITHIN} however the database
 * behaves (a full pool, a host that drops packets, a driver without a connect timeout). At most
 * one probe runs at a time: while one hangs, the next asks get "no answer" at once rather than
 * start another; a finding is reused for {@link #FRESH_FOR}, so that the checks of one health
 * request share one probe and frequent probing costs the database one connection a second at most.
 */
final class DatabaseProbe {

    /** The longest a health check waits for the database, and the slowest answer that counts as one. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final boolean readSchema;
    private final ThreadFactory threads;
    private final InstantSource clock;
    private final Duration answerWithin;
    private Finding last;
    private CompletableFuture<Finding> running;
    private Instant runningSince;

    /**
     * @param readSchema whether to read the migration history too: not when a DBA keeps the tables
     *                   ({@code speechmeter.schema.mode=none}), which may have none
     */
    DatabaseProbe(DataSource dataSource, boolean readSchema, ThreadFactory threads, InstantSource clock,
                  Duration answerWithin) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.readSchema = readSchema;
        this.threads = Objects.requireNonNull(threads, "threads");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.answerWithin = answerWithin;
    }

    /** What the database answered, from a probe made now, or a moment ago. */
    Finding latest() {
        CompletableFuture<Finding> probe;
        Instant since;
        synchronized (this) {
            Instant now = clock.instant();
            if (last != null && now.isBefore(last.at().plus(FRESH_FOR))) {
                return last;
            }
            if (running == null) {
                running = start(now);
                runningSince = now;
            }
            probe = running;
            since = runningSince;
        }
        Finding found;
        try {
            found = probe.get(answerWithin.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Finding.noAnswer(since, answerWithin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.noAnswer(since, answerWithin);
        } catch (ExecutionException e) {
            found = Finding.failed(since, e.getCause());
        }
        synchronized (this) {
            if (running == probe) {
                running = null;
                last = found;
            }
        }
        return found;
    }

    private CompletableFuture<Finding> start(Instant now) {
        CompletableFuture<Finding> probe = new CompletableFuture<>();
        Thread thread = threads.newThread(() -> {
            try {
                probe.complete(probe(now));
            } catch (Throwable e) {
                probe.completeExceptionally(e);
            }
        });
        thread.setName("speechmeter-database-probe");
        thread.start();
        return probe;
    }

    private Finding probe(Instant start) {
        int seconds = (int) Math.max(1, (answerWithin.toMillis() + 999) / 1000);
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(seconds)) {
                return Finding.failed(start, new SQLException("the connection is not valid"));
            }
            String product = connection.getMetaData().getDatabaseProductName();
            Duration took = Duration.between(start, clock.instant());
            if (!readSchema) {
                return new Finding(start, true, took, product, null, null, null);
            }
            try {
                return new Finding(start, true, took, product, null, SchemaState.read(connection, seconds), null);
            } catch (SQLException | RuntimeException e) {
                return new Finding(start, true, took, product, null, null, e);
            }
        } catch (SQLException | RuntimeException e) {
            return Finding.failed(start, e);
        }
    }

    /**
     * One probe's answer.
     *
     * @param at           when the probe started
     * @param answered     whether the database answered
     * @param took         how long it took to answer
     * @param product      the database's product name, when it answered
     * @param failure      why it did not answer, when it did not
     * @param schema       how far the tables are migrated, when read
     * @param schemaFailure why the history could not be read, when it could not
     */
    record Finding(Instant at, boolean answered, Duration took, String product, Throwable failure,
                   SchemaState schema, Throwable schemaFailure) {

        static Finding failed(Instant at, Throwable failure) {
            return new Finding(at, false, null, null, failure, null, null);
        }

        static Finding noAnswer(Instant since, Duration waited) {
            return new Finding(since, false, null, null,
                    new TimeoutException("no answer within " + waited.toMillis() + " ms"), null, null);
        }
    }
}
